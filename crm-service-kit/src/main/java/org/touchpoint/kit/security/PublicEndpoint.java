package org.touchpoint.kit.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint anyone may call without a principal: tracking pixels, click redirects, survey answers.
 * Both conditions must hold for a request to get through without a token: the path is under
 * {@code /public/**} (the internal-token filter lets it pass, the gateway routes it without an API key)
 * and the handler carries this annotation (otherwise the scope check refuses it, fail closed). Such an
 * endpoint must authenticate its caller another way, e.g. a signed, expiring token in the URL.
 *
 * @param value why the endpoint is public (documentation, shown in reviews)
 */
@Documented
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface PublicEndpoint {

    String value();
}

package org.touchpoint.kit.web;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a free-form map (custom attributes, external ids): keys must not start with {@code $} or {@code _} or contain
 * {@code .} (MongoDB operators, mapping metadata such as {@code _class}, paths), nor be blank or longer than 64 characters; values are strings,
 * numbers, booleans, null, or lists/maps of those, at most 4 levels deep and 50 entries per map.
 */
@Documented
@Constraint(validatedBy = SafeKeysValidator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface SafeKeys {

    String message() default "keys must not start with '$' or '_' or contain '.'";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}

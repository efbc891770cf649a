package org.touchpoint.kit.test;

import java.net.http.HttpResponse;
import java.util.Map;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Base of a service's Spring tests: the JVM's embedded broker and MongoDB wired in, HTTP calls to the service on
 * its random port. A service's own base class adds {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} and its
 * helpers; with the same configuration everywhere, every test class of the service shares one cached context.
 */
public abstract class ServiceTestSupport {

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    protected HttpResponse<String> call(String method, String path, String body, Map<String, String> headers) {
        return new HttpCalls(port).call(method, path, body, headers);
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return HttpCalls.json(response);
    }
}

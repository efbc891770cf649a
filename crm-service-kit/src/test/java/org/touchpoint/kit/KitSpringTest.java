package org.touchpoint.kit;

import java.net.http.HttpResponse;
import java.util.Map;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.touchpoint.kit.test.HttpCalls;
import org.touchpoint.kit.test.TestInfrastructure;
import org.touchpoint.kit.testapp.KitTestApplication;
import tools.jackson.databind.JsonNode;

/** One Spring context for all kit tests: the test service on a random port, the shared broker and MongoDB. */
@SpringBootTest(classes = KitTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class KitSpringTest {

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

package org.touchpoint.kit;

import org.springframework.boot.test.context.SpringBootTest;
import org.touchpoint.kit.test.ServiceTestSupport;
import org.touchpoint.kit.testapp.KitTestApplication;

/** One Spring context for all kit tests: the test service on a random port, the shared broker and MongoDB. */
@SpringBootTest(classes = KitTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class KitSpringTest extends ServiceTestSupport {
}

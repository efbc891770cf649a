package org.touchpoint.kit.testapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A minimal service built on the kit, exercising every piece of it the way a real service does. */
@SpringBootApplication
public class KitTestApplication {
}

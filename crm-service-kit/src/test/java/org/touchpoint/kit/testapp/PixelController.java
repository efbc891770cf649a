package org.touchpoint.kit.testapp;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.touchpoint.kit.security.PublicEndpoint;

/** Public endpoints of the test app: one declared public, one under /public/** that forgot to say so. */
@RestController
class PixelController {

    @GetMapping("/public/pixel")
    @PublicEndpoint("a tracking pixel: no caller identity, authenticated by its signed token")
    String pixel() {
        return "pixel";
    }

    @GetMapping("/public/forgotten")
    String forgotten() {
        return "should never be served";
    }

    @GetMapping("/api/declared-public-but-not-under-public")
    @PublicEndpoint("misplaced: outside /public/** the token filter still asks for a token")
    String misplaced() {
        return "should never be served without a token";
    }
}

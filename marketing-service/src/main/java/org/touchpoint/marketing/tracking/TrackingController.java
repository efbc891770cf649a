package org.touchpoint.marketing.tracking;

import java.net.URI;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.touchpoint.kit.security.PublicEndpoint;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.marketing.message.Message;
import org.touchpoint.marketing.message.Messages;
import org.touchpoint.marketing.message.TrackingLinks;
import org.touchpoint.marketing.message.TrackingLinks.Kind;

/**
 * The links in campaign messages, reached without an API key: each is authenticated by its signed, expiring
 * token (payload: the message id). A tampered, expired or foreign token changes nothing and gets a neutral
 * answer: the pixel is served anyway, the others answer 404. The click only ever redirects to the landing page
 * the campaign configured, never to an address taken from the request.
 */
@RestController
class TrackingController {

    /** A transparent 1×1 GIF. */
    static final byte[] PIXEL = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
    static final String RESPONSES = "click-to-contact|form";

    private final TrackingLinks links;
    private final Messages messages;
    private final Clock clock;

    TrackingController(TrackingLinks links, Messages messages, Clock clock) {
        this.links = links;
        this.messages = messages;
        this.clock = clock;
    }

    @GetMapping("/public/track/o/{file}")
    @PublicEndpoint("the open pixel of a campaign email, authenticated by its signed token")
    ResponseEntity<byte[]> open(@PathVariable String file) {
        String token = file.endsWith(".gif") ? file.substring(0, file.length() - 4) : file;
        links.messageId(Kind.OPEN, token).ifPresent(id -> messages.change(id, m -> {
            if (!Message.SENT.equals(m.status())) {
                return false;
            }
            m.opened(clock.instant());
            return true;
        }));
        return ResponseEntity.ok().contentType(MediaType.IMAGE_GIF).cacheControl(CacheControl.noStore())
                .header(HttpHeaders.PRAGMA, "no-cache").body(PIXEL);
    }

    @GetMapping("/public/track/c/{token}")
    @PublicEndpoint("the tracked link of a campaign message, authenticated by its signed token")
    ResponseEntity<Void> click(@PathVariable String token) {
        Message m = sent(Kind.CLICK, token).filter(found -> found.landingUrl() != null).orElseThrow(TrackingController::unknownLink);
        URI target;
        try {
            target = URI.create(m.landingUrl()); // validated when the campaign was saved; never a 500 if it slipped by
        } catch (IllegalArgumentException unusable) {
            throw unknownLink();
        }
        messages.change(m.getId(), current -> {
            current.clicked(clock.instant(), "landing");
            return true;
        });
        return ResponseEntity.status(HttpStatus.FOUND).location(target).cacheControl(CacheControl.noStore()).build();
    }

    @GetMapping("/public/track/u/{token}")
    @PublicEndpoint("the unsubscribe page of a campaign message, authenticated by its signed token")
    ResponseEntity<String> unsubscribePage(@PathVariable String token) {
        messageOf(Kind.UNSUBSCRIBE, token).orElseThrow(TrackingController::unknownLink);
        // A GET changes nothing (mail scanners follow links): the page asks, the POST unsubscribes.
        return html("""
                <!doctype html><html lang="es"><head><meta charset="utf-8"><title>Darse de baja</title></head><body>
                <h1>¿Dejar de recibir nuestras campañas?</h1>
                <form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">
                <button type="submit">Darme de baja</button></form></body></html>""");
    }

    @PostMapping("/public/track/u/{token}")
    @PublicEndpoint("one-click unsubscribe (RFC 8058) of a campaign message, authenticated by its signed token")
    ResponseEntity<String> unsubscribe(@PathVariable String token) {
        String id = messageOf(Kind.UNSUBSCRIBE, token).orElseThrow(TrackingController::unknownLink).getId();
        messages.change(id, m -> m.unsubscribed(clock.instant()));
        return html("""
                <!doctype html><html lang="es"><head><meta charset="utf-8"><title>Baja confirmada</title></head><body>
                <h1>Listo: no recibirá más campañas por este canal.</h1></body></html>""");
    }

    record ResponseRequest(String response, String note) {
    }

    @PostMapping(value = "/public/track/r/{token}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PublicEndpoint("a response (click-to-contact, form) to a campaign message, authenticated by its signed token")
    ResponseEntity<Map<String, Object>> respond(@PathVariable String token, @RequestBody(required = false) ResponseRequest body) {
        return respond(token, body == null ? null : body.response(), body == null ? null : body.note());
    }

    @PostMapping(value = "/public/track/r/{token}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    @PublicEndpoint("a response posted by a landing-page form, authenticated by its signed token")
    ResponseEntity<Map<String, Object>> respondForm(@PathVariable String token, @RequestBody(required = false) MultiValueMap<String, String> form) {
        return respond(token, form == null ? null : form.getFirst("response"), form == null ? null : form.getFirst("note"));
    }

    private ResponseEntity<Map<String, Object>> respond(String token, String response, String note) {
        String kind = response == null || response.isBlank() ? "form" : response;
        if (!kind.matches(RESPONSES)) {
            throw CrmApiException.badRequest("response", "must be click-to-contact or form");
        }
        if (note != null && note.length() > 1000) {
            throw CrmApiException.badRequest("note", "must be at most 1000 characters");
        }
        Message m = sent(Kind.RESPOND, token).orElseThrow(TrackingController::unknownLink);
        messages.change(m.getId(), current -> current.responded(clock.instant(), kind, note == null ? null : note.strip()));
        return ResponseEntity.accepted().body(Map.of("received", true));
    }

    private Optional<Message> messageOf(Kind kind, String token) {
        return links.messageId(kind, token).flatMap(messages::find);
    }

    private Optional<Message> sent(Kind kind, String token) {
        return messageOf(kind, token).filter(m -> Message.SENT.equals(m.status()));
    }

    private static ResponseEntity<String> html(String body) {
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore()).body(body);
    }

    /** The same answer for a forged, expired or unknown link: nothing tells a guesser which it was. */
    private static CrmApiException unknownLink() {
        return CrmApiException.notFound("link", "(this link is not valid or has expired)");
    }
}

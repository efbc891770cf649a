package org.touchpoint.customer.contact;

import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.security.RequiresScope;
import org.touchpoint.kit.web.Etags;
import org.touchpoint.kit.web.IdempotentRequests;
import org.touchpoint.kit.web.Page;

/** Contacts: people, their consent, their soft notes, and what the touches say about them. */
@RestController
@RequestMapping("/api/contacts")
class ContactController {

    private final ContactService contacts;
    private final IdempotentRequests idempotent;

    ContactController(ContactService contacts, IdempotentRequests idempotent) {
        this.contacts = contacts;
        this.idempotent = idempotent;
    }

    @PostMapping
    @RequiresScope(Scopes.CONTACTS_WRITE)
    ResponseEntity<ContactResponse> create(@Valid @RequestBody ContactRequest request,
                                           @RequestHeader(value = IdempotentRequests.HEADER, required = false) String key) {
        return idempotent.execute(key, request, ContactResponse.class, () -> {
            Contact c = contacts.create(request);
            return ResponseEntity.created(URI.create("/api/contacts/" + c.getId())).eTag(Etags.of(c.getVersion())).body(contacts.view(c));
        });
    }

    @GetMapping("/{id}")
    @RequiresScope(Scopes.CONTACTS_READ)
    ResponseEntity<ContactResponse> get(@PathVariable String id) {
        Contact c = contacts.get(id);
        return ResponseEntity.ok().eTag(Etags.of(c.getVersion())).body(contacts.view(c));
    }

    /** Lists contacts; {@code q} is a prefix of a name, an email or the company name (case and accents ignored). */
    @GetMapping
    @RequiresScope(Scopes.CONTACTS_READ)
    Page<ContactResponse> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
                               @RequestParam(required = false) String q, @RequestParam(required = false) String accountId,
                               @RequestParam(required = false) String ownerId, @RequestParam(required = false) String lifecycleStage,
                               @RequestParam(required = false) String tag, @RequestParam(required = false) String updatedSince) {
        return contacts.list(limit, cursor, q, accountId, ownerId, lifecycleStage, tag, updatedSince);
    }

    @PutMapping("/{id}")
    @RequiresScope(Scopes.CONTACTS_WRITE)
    ResponseEntity<ContactResponse> replace(@PathVariable String id, @Valid @RequestBody ContactRequest request,
                                            @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        Contact c = contacts.replace(id, request, ifMatch);
        return ResponseEntity.ok().eTag(Etags.of(c.getVersion())).body(contacts.view(c));
    }

    /** Grants or withdraws consent on one channel (email, sms, phone) without resending the contact. */
    @PutMapping("/{id}/consent/{channel}")
    @RequiresScope(Scopes.CONTACTS_WRITE)
    ResponseEntity<ContactResponse> consent(@PathVariable String id, @PathVariable String channel,
                                            @Valid @RequestBody ContactRequest.ConsentRequest consent,
                                            @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        Contact c = contacts.changeConsent(id, channel, consent, ifMatch);
        return ResponseEntity.ok().eTag(Etags.of(c.getVersion())).body(contacts.view(c));
    }

    @DeleteMapping("/{id}")
    @RequiresScope(Scopes.CONTACTS_WRITE)
    ResponseEntity<Void> delete(@PathVariable String id, @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        contacts.delete(id, ifMatch);
        return ResponseEntity.noContent().build();
    }
}

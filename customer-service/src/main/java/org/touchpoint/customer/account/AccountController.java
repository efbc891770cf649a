package org.touchpoint.customer.account;

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

/** Accounts: the companies contacts belong to. */
@RestController
@RequestMapping("/api/accounts")
class AccountController {

    private final AccountService accounts;
    private final IdempotentRequests idempotent;

    AccountController(AccountService accounts, IdempotentRequests idempotent) {
        this.accounts = accounts;
        this.idempotent = idempotent;
    }

    @PostMapping
    @RequiresScope(Scopes.ACCOUNTS_WRITE)
    ResponseEntity<AccountResponse> create(@Valid @RequestBody AccountRequest request,
                                           @RequestHeader(value = IdempotentRequests.HEADER, required = false) String key) {
        return idempotent.execute(key, request, AccountResponse.class, () -> {
            Account a = accounts.create(request);
            return ResponseEntity.created(URI.create("/api/accounts/" + a.getId())).eTag(Etags.of(a.getVersion())).body(a.toResponse());
        });
    }

    @GetMapping("/{id}")
    @RequiresScope(Scopes.ACCOUNTS_READ)
    ResponseEntity<AccountResponse> get(@PathVariable String id) {
        Account a = accounts.get(id);
        return ResponseEntity.ok().eTag(Etags.of(a.getVersion())).body(a.toResponse());
    }

    @GetMapping
    @RequiresScope(Scopes.ACCOUNTS_READ)
    Page<AccountResponse> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
                               @RequestParam(required = false) String q, @RequestParam(required = false) String ownerId,
                               @RequestParam(required = false) String tag, @RequestParam(required = false) String industry) {
        return accounts.list(limit, cursor, q, ownerId, tag, industry);
    }

    @PutMapping("/{id}")
    @RequiresScope(Scopes.ACCOUNTS_WRITE)
    ResponseEntity<AccountResponse> replace(@PathVariable String id, @Valid @RequestBody AccountRequest request,
                                            @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        Account a = accounts.replace(id, request, ifMatch);
        return ResponseEntity.ok().eTag(Etags.of(a.getVersion())).body(a.toResponse());
    }

    @DeleteMapping("/{id}")
    @RequiresScope(Scopes.ACCOUNTS_WRITE)
    ResponseEntity<Void> delete(@PathVariable String id, @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        accounts.delete(id, ifMatch);
        return ResponseEntity.noContent().build();
    }
}

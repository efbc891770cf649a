package org.touchpoint.kit.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/**
 * The one place where failures become RFC 9457 application/problem+json. Client mistakes get 4xx with
 * the offending fields; anything unexpected gets a bare 500 with an error id that is also logged —
 * never a stack trace, never internal class names.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE - 100)
public class CrmProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(CrmProblemHandler.class);

    @ExceptionHandler(CrmApiException.class)
    ResponseEntity<Object> api(CrmApiException e) {
        ProblemDetail p = Problems.of(e.status(), e.type(), e.title(), e.getMessage());
        if (!e.errors().isEmpty()) {
            p.setProperty("errors", e.errors());
        }
        return problem(p);
    }

    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<Object> duplicate(DuplicateKeyException e) {
        return problem(Problems.of(HttpStatus.CONFLICT, Problems.CONFLICT, "Conflict",
                "a resource with the same unique value already exists"));
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<Object> concurrentChange(OptimisticLockingFailureException e, HttpServletRequest request) {
        if (request.getHeader(HttpHeaders.IF_MATCH) != null) {
            return problem(Problems.of(HttpStatus.PRECONDITION_FAILED, Problems.PRECONDITION_FAILED, "Precondition failed",
                    "the resource changed since the version in If-Match; read it again and retry"));
        }
        return problem(Problems.of(HttpStatus.CONFLICT, Problems.CONFLICT, "Conflict",
                "the resource was changed concurrently; read it again and retry"));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolation(ConstraintViolationException e) {
        List<CrmApiException.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new CrmApiException.FieldError(leaf(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(CrmApiException.FieldError::field))
                .toList();
        return validation(errors);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        String errorId = UUID.randomUUID().toString();
        log.error("Unhandled error {}", errorId, e);
        ProblemDetail p = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, Problems.INTERNAL, "Internal error",
                "an unexpected error occurred; quote error id " + errorId);
        p.setProperty("errorId", errorId);
        return problem(p);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<CrmApiException.FieldError> errors = new ArrayList<>();
        e.getBindingResult().getFieldErrors().forEach(f -> errors.add(new CrmApiException.FieldError(f.getField(), f.getDefaultMessage())));
        e.getBindingResult().getGlobalErrors().forEach(g -> errors.add(new CrmApiException.FieldError(g.getObjectName(), g.getDefaultMessage())));
        errors.sort(Comparator.comparing(CrmApiException.FieldError::field));
        return validation(errors);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e, HttpHeaders headers,
                                                                            HttpStatusCode status, WebRequest request) {
        List<CrmApiException.FieldError> errors = new ArrayList<>();
        for (ParameterValidationResult result : e.getParameterValidationResults()) {
            String name = result.getMethodParameter().getParameterName();
            result.getResolvableErrors().forEach(err -> errors.add(new CrmApiException.FieldError(name, err.getDefaultMessage())));
        }
        return validation(errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CrmApiException api) {
                return api(api);
            }
        }
        Throwable cause = e.getCause();
        if (cause instanceof DatabindException db && !db.getPath().isEmpty()) {
            String field = fieldPath(db);
            return problem(withErrors(Problems.of(HttpStatus.BAD_REQUEST, Problems.VALIDATION, "Invalid request",
                    field + ": value has the wrong type or format"),
                    List.of(new CrmApiException.FieldError(field, "value has the wrong type or format"))));
        }
        String where = cause instanceof JacksonException je && je.getLocation() != null
                ? " (line " + je.getLocation().getLineNr() + ", column " + je.getLocation().getColumnNr() + ")" : "";
        return problem(Problems.of(HttpStatus.BAD_REQUEST, Problems.MALFORMED, "Malformed request",
                "the request body is missing or is not valid JSON" + where));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(org.springframework.beans.TypeMismatchException e, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String field = e.getPropertyName() == null ? "parameter" : e.getPropertyName();
        return validation(List.of(new CrmApiException.FieldError(field, "has the wrong type or format")));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException e, HttpHeaders headers,
                                                                     HttpStatusCode status, WebRequest request) {
        return problem(Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, Problems.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
                "send the body as application/json"));
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        HttpHeaders h = new HttpHeaders();
        if (headers != null) {
            h.putAll(headers);
        }
        h.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(body, h, statusCode);
    }

    private ResponseEntity<Object> validation(List<CrmApiException.FieldError> errors) {
        String detail = errors.isEmpty() ? "the request is invalid"
                : errors.size() == 1 ? errors.getFirst().field() + ": " + errors.getFirst().message()
                : errors.size() + " fields are invalid: " + String.join(", ", errors.stream().map(CrmApiException.FieldError::field).distinct().toList());
        return problem(withErrors(Problems.of(HttpStatus.BAD_REQUEST, Problems.VALIDATION, "Invalid request", detail), errors));
    }

    private static ProblemDetail withErrors(ProblemDetail p, List<CrmApiException.FieldError> errors) {
        p.setProperty("errors", errors);
        return p;
    }

    static ResponseEntity<Object> problem(ProblemDetail p) {
        return ResponseEntity.status(p.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    private static String fieldPath(DatabindException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }

    /** {@code create.request.emails[0]} → {@code emails[0]}: drop the method and parameter names. */
    private static String leaf(String path) {
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : path;
    }
}

package org.touchpoint.kit.testapp;

import java.time.Instant;
import java.util.Map;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import org.touchpoint.events.Channels;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.outbox.OutboxDocument;

@Document("widgets")
public class Widget extends OutboxDocument {

    @Indexed(unique = true)
    private String name;
    private String customerId;
    private String note;
    private Map<String, Object> attributes;

    Widget() {
    }

    public static Widget create(String id, String customerId, String name, Map<String, Object> attributes) {
        Widget w = new Widget();
        w.id = id;
        w.customerId = customerId;
        w.name = name;
        w.attributes = attributes;
        w.emit(Touch.builder(customerId, "widget.created").channel(Channels.WEB).summary("Widget " + name).ref("widgetId", id).build());
        return w;
    }

    public void rename(String newName, String note) {
        this.name = newName;
        this.note = note;
        emit(Touch.builder(customerId, "widget.renamed").occurredAt(Instant.now()).ref("widgetId", id).build());
    }

    public String name() {
        return name;
    }

    public String note() {
        return note;
    }

    public String customerId() {
        return customerId;
    }

    public Map<String, Object> attributes() {
        return attributes;
    }
}

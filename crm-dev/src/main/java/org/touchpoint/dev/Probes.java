package org.touchpoint.dev;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** "Does it answer?" for each kind of process. */
final class Probes {

    private Probes() {
    }

    static HttpClient httpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    /** True when {@code GET url} answers 200. */
    static boolean http(HttpClient client, URI url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(3)).GET().build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True when a MongoDB wire-protocol server on localhost:port answers {@code {ping: 1}} with ok. */
    /** True when a TCP server on {@code port} greets with a line starting with {@code prefix} (SMTP: 220). */
    static boolean greets(int port, String prefix) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            byte[] line = new byte[prefix.length()];
            new DataInputStream(socket.getInputStream()).readFully(line);
            socket.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII)); // a polite goodbye
            return new String(line, StandardCharsets.US_ASCII).equals(prefix);
        } catch (IOException e) {
            return false;
        }
    }

    static boolean mongo(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            byte[] message = pingMessage();
            OutputStream out = socket.getOutputStream();
            out.write(message);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[16];
            in.readFully(header);
            ByteBuffer head = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            int length = head.getInt(0);
            int opCode = head.getInt(12);
            if (opCode != 2013 || length < 21 || length > 1 << 20) {
                return false;
            }
            byte[] body = new byte[length - 16];
            in.readFully(body);
            // flagBits (4) + section kind (1) + document; look for a double "ok" = 1.0
            String document = new String(body, StandardCharsets.ISO_8859_1);
            int ok = document.indexOf("\u0001ok\u0000");
            if (ok < 0 || ok + 12 > body.length) {
                return false;
            }
            double value = ByteBuffer.wrap(body, ok + 4, 8).order(ByteOrder.LITTLE_ENDIAN).getDouble();
            return value == 1.0;
        } catch (IOException e) {
            return false;
        }
    }

    /** OP_MSG {ping: 1, $db: "admin"}. */
    private static byte[] pingMessage() {
        ByteBuffer doc = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        doc.putInt(0); // length, patched below
        doc.put((byte) 0x10).put("ping".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).putInt(1);
        byte[] admin = "admin".getBytes(StandardCharsets.US_ASCII);
        doc.put((byte) 0x02).put("$db".getBytes(StandardCharsets.US_ASCII)).put((byte) 0)
                .putInt(admin.length + 1).put(admin).put((byte) 0);
        doc.put((byte) 0);
        int docLength = doc.position();
        doc.putInt(0, docLength);

        int total = 16 + 4 + 1 + docLength;
        ByteBuffer message = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        message.putInt(total).putInt(1).putInt(0).putInt(2013); // header: length, requestID, responseTo, OP_MSG
        message.putInt(0); // flagBits
        message.put((byte) 0); // section kind 0: body
        message.put(doc.array(), 0, docLength);
        return message.array();
    }

    /** An admin client kept open while waiting for the broker; {@link #answers()} asks for the cluster id. */
    static final class Kafka implements AutoCloseable {

        private final Admin admin;

        Kafka(String bootstrapServers) {
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.CLIENT_ID_CONFIG, "crm-dev-probe",
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                    AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 100,
                    AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
        }

        /** One short attempt, for polling. */
        boolean answers() {
            return answers(Duration.ofMillis(500));
        }

        boolean answers(Duration wait) {
            try {
                return admin.describeCluster().clusterId().get(wait.toMillis(), TimeUnit.MILLISECONDS) != null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                return false;
            }
        }

        @Override
        public void close() {
            admin.close(Duration.ofSeconds(2));
        }
    }
}

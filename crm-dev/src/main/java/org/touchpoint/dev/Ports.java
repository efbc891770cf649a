package org.touchpoint.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Free ports for "random", and a clear answer to "who holds port N?". */
final class Ports {

    private Ports() {
    }

    /** {@code count} distinct free ports (held open together while choosing, so they differ). */
    static List<Integer> free(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                held.add(socket);
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(0));
                ports.add(socket.getLocalPort());
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find free ports", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
        }
    }

    /** True if nothing listens on the port (any address). */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // a port in TIME_WAIT is free for a listener
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Best effort (Linux /proc): "pid 123: java -jar ..." for the process listening on the port. */
    static Optional<String> describeListener(int port) {
        try {
            Set<String> inodes = new HashSet<>();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                Path path = Path.of(table);
                if (!Files.isReadable(path)) {
                    continue;
                }
                for (String line : Files.readAllLines(path)) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length < 10 || !fields[3].equals("0A")) { // 0A = LISTEN
                        continue;
                    }
                    String local = fields[1];
                    int localPort = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
                    if (localPort == port) {
                        inodes.add(fields[9]);
                    }
                }
            }
            if (inodes.isEmpty()) {
                return Optional.empty();
            }
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path proc : procs) {
                    if (holdsSocket(proc, inodes)) {
                        long pid = Long.parseLong(proc.getFileName().toString());
                        String command = ProcessHandle.of(pid)
                                .flatMap(RunDir::commandLine)
                                .map(Ports::abbreviate)
                                .orElse("?");
                        return Optional.of("pid " + pid + ": " + command);
                    }
                }
            }
            return Optional.of("a process of another user");
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean holdsSocket(Path proc, Set<String> inodes) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                        return true;
                    }
                } catch (IOException ignored) {
                    // fd closed meanwhile
                }
            }
        } catch (IOException | SecurityException ignored) {
            // not our process
        }
        return false;
    }

    static String abbreviate(String commandLine) {
        String oneLine = commandLine.replaceAll("\\s+", " ");
        // class paths make Java command lines unreadable
        oneLine = oneLine.replaceAll("(-cp|-classpath|--class-path) \\S+", "$1 …");
        return oneLine.length() > 160 ? oneLine.substring(0, 157) + "…" : oneLine;
    }
}

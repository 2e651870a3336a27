package dev.modelrouter.bench;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * The benchmark's floor for a proxy built on the router's own stack: a Reactor Netty HTTP server that
 * reads each request's body whole, sends it with Reactor Netty's pooled HTTP client to the upstream
 * and relays the answer's status, content type and body as it comes (streams included), with nothing else: no JSON, no routing, no timers, no
 * metrics. What separates the {@code stack} rows from {@code floor} is the cost of HTTP and of Reactor
 * Netty itself, which every request through the router pays too; what separates the router from
 * {@code stack} is the router's own work. Usage: {@code StackFloor LISTEN_PORT UPSTREAM_PORT}.
 */
public final class StackFloor {

    private StackFloor() {}

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        String upstream = "http://127.0.0.1:" + Integer.parseInt(args[1]);
        HttpClient client = HttpClient.create(ConnectionProvider.builder("stack-floor")
                        .maxConnections(512)
                        .build())
                .baseUrl(upstream);
        DisposableServer server = HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .handle((request, response) -> request.receive()
                        .aggregate()
                        .retain()
                        .flatMapMany(body -> Flux.usingWhen(
                                Mono.just(body),
                                b -> client.headers(h -> h.set(
                                                        HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                                                .set("anthropic-version", "2023-06-01"))
                                        .post()
                                        .uri(request.uri())
                                        // a duplicate per subscription: Reactor Netty may resend on a reset connection
                                        .send(Mono.fromSupplier(b::retainedDuplicate))
                                        .response((answer, bytes) -> {
                                            response.status(answer.status());
                                            String type =
                                                    answer.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE);
                                            if (type != null) {
                                                response.header(HttpHeaderNames.CONTENT_TYPE, type);
                                            }
                                            return response.send(bytes.retain());
                                        }),
                                b -> Mono.fromRunnable(b::release))))
                .bindNow();
        System.out.println("stack floor on 127.0.0.1:" + port + " -> " + upstream);
        server.onDispose().block();
    }
}

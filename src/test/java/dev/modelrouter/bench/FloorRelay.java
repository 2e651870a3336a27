package dev.modelrouter.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The benchmark's floor for any proxy: a TCP relay that copies bytes between each client connection
 * and a connection of its own to the upstream, on the same event loop, without reading a byte of
 * HTTP. No proxy that must parse, route and rewrite requests can cost less per request; the bench's
 * {@code floor} rows show what share of {@code direct} even this reaches on the machine at hand.
 * Usage: {@code FloorRelay LISTEN_PORT UPSTREAM_PORT [THREADS]}.
 */
public final class FloorRelay {

    private FloorRelay() {}

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        int upstreamPort = Integer.parseInt(args[1]);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(
                threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Channel server = new ServerBootstrap()
                .group(loops)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel client) {
                        client.pipeline().addLast(new ClientSide(upstreamPort, epoll));
                    }
                })
                .bind("127.0.0.1", port)
                .sync()
                .channel();
        System.out.println("floor relay on 127.0.0.1:" + port + " -> 127.0.0.1:" + upstreamPort);
        server.closeFuture().sync();
    }

    /** Opens the upstream connection on the client's own loop, then relays in both directions. */
    private static final class ClientSide extends ChannelInboundHandlerAdapter {

        private final int upstreamPort;
        private final boolean epoll;
        private Channel upstream;

        ClientSide(int upstreamPort, boolean epoll) {
            this.upstreamPort = upstreamPort;
            this.epoll = epoll;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel client = ctx.channel();
            upstream = new Bootstrap()
                    .group(client.eventLoop())
                    .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.AUTO_READ, false)
                    .handler(new Relay(client))
                    .connect("127.0.0.1", upstreamPort)
                    .addListener((ChannelFutureListener) f -> {
                        if (f.isSuccess()) {
                            client.read();
                        } else {
                            client.close();
                        }
                    })
                    .channel();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Relay.forward(msg, ctx.channel(), upstream);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (upstream != null) {
                Relay.closeAfterFlush(upstream);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Relay.closeAfterFlush(ctx.channel());
        }
    }

    /** The upstream side: answers go back to the client as they come. */
    private static final class Relay extends ChannelInboundHandlerAdapter {

        private final Channel client;

        Relay(Channel client) {
            this.client = client;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.read();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            forward(msg, ctx.channel(), client);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closeAfterFlush(client);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            closeAfterFlush(ctx.channel());
        }

        /** Writes {@code msg} to {@code to} and reads the next bytes from {@code from} once written. */
        static void forward(Object msg, Channel from, Channel to) {
            to.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    from.read();
                } else {
                    f.channel().close();
                }
            });
        }

        static void closeAfterFlush(Channel channel) {
            if (channel.isActive()) {
                channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}

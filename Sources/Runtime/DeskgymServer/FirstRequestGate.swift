import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Watches the first request of a connection, between the HTTP decoder and the WebSocket upgrade
/// handler, then leaves the pipeline:
///
/// - a client that connects and does not send a complete request head within `timeout` is
///   disconnected (Hummingbird's own idle time-out starts only after the first request: without
///   this, a connection that sends nothing, or a head a byte at a time, is held forever);
/// - a WebSocket upgrade that `refusesUpgrade` (a wrong or missing token, a foreign `Host` or
///   `Origin`) loses its `Upgrade` header and goes on as a plain HTTP request, so that the
///   middleware answers it with its real status (401, 403) and JSON body, where a refused upgrade
///   would otherwise get a bare 400.
final class FirstRequestGate: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    private let timeout: TimeAmount
    private let refusesUpgrade: @Sendable (HTTPRequestHead) -> Bool
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount, refusesUpgrade: @escaping @Sendable (HTTPRequestHead) -> Bool) {
        self.timeout = timeout
        self.refusesUpgrade = refusesUpgrade
    }

    func handlerAdded(context: ChannelHandlerContext) {
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            // Told as the input's end, the upgrade handler gives up quietly (as when a client
            // hangs up); a bare close would be logged as an error for every silent connection.
            context.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
            context.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else {
            context.fireChannelRead(data)
            return
        }
        deadline?.cancel()
        deadline = nil
        if head.headers.contains(name: "upgrade"), refusesUpgrade(head) {
            head.headers.remove(name: "upgrade")
            head.headers.replaceOrAdd(name: "connection", value: "close")
            context.fireChannelRead(wrapInboundOut(.head(head)))
        } else {
            context.fireChannelRead(data)
        }
        // Only the first request of a connection can upgrade; later ones are Hummingbird's.
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}

/// A server child channel with a ``FirstRequestGate`` put into each connection's pipeline after
/// `base` set it up.
struct GatedChildChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let firstRequestTimeout: TimeAmount
    let refusesUpgrade: @Sendable (HTTPRequestHead) -> Bool

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let timeout = firstRequestTimeout, refusesUpgrade = refusesUpgrade
        return base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let operations = channel.pipeline.syncOperations
            let decoder = try operations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try operations.addHandler(FirstRequestGate(timeout: timeout, refusesUpgrade: refusesUpgrade), position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

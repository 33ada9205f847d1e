internal import CProcessControl
import Foundation
import NIOCore
import NIOPosix

/// Carries TCP connections between this machine's loopback and a sandboxed session's, which
/// nothing else joins: inward, so the server's getters reach a port a program of the session
/// listens on (Chromium's DevTools); outward, so the session's programs reach one port the
/// server serves on (an episode's pages), at the same number inside.
final class LoopbackBridge: Sendable {
    /// The listening channel: here for an inward bridge, in the session for an outward one.
    private let listener: any Channel
    /// The port the bridge listens on.
    let port: Int

    private init(listener: any Channel) throws {
        guard let port = listener.localAddress?.port else { throw LoopbackBridgeError("the bridge has no local port") }
        self.listener = listener
        self.port = port
    }

    /// Listens on a free port of this machine's 127.0.0.1; each connection is carried to
    /// 127.0.0.1:`port` in `namespace`.
    static func inward(to port: Int, in namespace: NetworkNamespace) async throws -> LoopbackBridge {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { inbound in
                do {
                    // A connect on the loopback is answered at once, so it may block this loop.
                    let socket = try namespace.connectedSocket(port: port)
                    return ClientBootstrap(group: inbound.eventLoop)
                        .channelOption(.allowRemoteHalfClosure, value: true)
                        .withConnectedSocket(socket)
                        .flatMapThrowing { outbound in try GlueHandler.join(inbound, outbound) }
                } catch {
                    return inbound.eventLoop.makeFailedFuture(error)
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return try LoopbackBridge(listener: channel)
    }

    /// Listens on 127.0.0.1:`port` in `namespace`; each connection is carried to 127.0.0.1:`port`
    /// on this machine.
    static func outward(from port: Int, in namespace: NetworkNamespace) async throws -> LoopbackBridge {
        let socket = try namespace.listeningSocket(port: port)
        let channel: any Channel
        do {
            channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .childChannelOption(.allowRemoteHalfClosure, value: true)
                .childChannelInitializer { inbound in
                    ClientBootstrap(group: inbound.eventLoop)
                        .channelOption(.allowRemoteHalfClosure, value: true)
                        .connect(host: "127.0.0.1", port: port)
                        .flatMapThrowing { outbound in try GlueHandler.join(inbound, outbound) }
                }
                .withBoundSocket(socket).get()
        } catch {
            Glibc.close(socket)
            throw error
        }
        return try LoopbackBridge(listener: channel)
    }

    /// Listens on a free port of this machine's 127.0.0.1; each connection is carried to the port
    /// of this machine's 127.0.0.1 that `resolve` names when it comes, or closed when it names none
    /// (a forward to a program that may not run yet, or moves to another port).
    static func resolving(_ resolve: @escaping @Sendable () async -> Int?) async throws -> LoopbackBridge {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { inbound in
                let loop = inbound.eventLoop
                return loop.makeFutureWithTask { await resolve() }.flatMap { port in
                    guard let port else { return loop.makeFailedFuture(LoopbackBridgeError("nothing listens to forward to")) }
                    return ClientBootstrap(group: loop)
                        .channelOption(.allowRemoteHalfClosure, value: true)
                        .connect(host: "127.0.0.1", port: port)
                        .flatMapThrowing { outbound in try GlueHandler.join(inbound, outbound) }
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return try LoopbackBridge(listener: channel)
    }

    /// Stops listening; connections in progress end with their peers.
    func close() async {
        try? await listener.close()
    }
}

/// Why a bridge could not be built.
struct LoopbackBridgeError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// An open `/proc/PID/ns/net` of a sandbox, to make sockets in.
final class NetworkNamespace: Sendable {
    private let descriptor: Int32
    /// The process whose namespace it is, for messages.
    let pid: pid_t

    init(of pid: pid_t) throws {
        let descriptor = open("/proc/\(pid)/ns/net", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw LoopbackBridgeError("cannot open the network namespace of process \(pid): \(String(cString: strerror(errno)))")
        }
        self.descriptor = descriptor
        self.pid = pid
    }

    deinit { close(descriptor) }

    /// A TCP socket connected to 127.0.0.1:`port` of the namespace.
    func connectedSocket(port: Int) throws -> Int32 {
        let socket = try makeSocket()
        var address = Self.loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let reason = String(cString: strerror(errno))
            close(socket)
            throw LoopbackBridgeError("cannot connect to port \(port) in the session: \(reason)")
        }
        return socket
    }

    /// A TCP socket listening on 127.0.0.1:`port` of the namespace.
    func listeningSocket(port: Int) throws -> Int32 {
        let socket = try makeSocket()
        var reuse: Int32 = 1
        _ = setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(socket, 64) == 0 else {
            let reason = String(cString: strerror(errno))
            close(socket)
            throw LoopbackBridgeError("cannot listen on port \(port) in the session: \(reason)")
        }
        return socket
    }

    private func makeSocket() throws -> Int32 {
        let socket = deskgym_socket_in_network_namespace(descriptor, AF_INET, Int32(SOCK_STREAM.rawValue))
        guard socket >= 0 else {
            throw LoopbackBridgeError(
                "cannot make a socket in the network namespace of process \(pid): \(String(cString: strerror(errno)))")
        }
        return socket
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port)).bigEndian
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        return address
    }
}

/// Passes what one channel reads to its partner and back, with back-pressure (a side reads
/// only while its partner can write) and half-closure; both channels are on one event loop.
private final class GlueHandler: ChannelDuplexHandler {
    typealias InboundIn = NIOAny
    typealias OutboundIn = NIOAny
    typealias OutboundOut = NIOAny

    private var partner: GlueHandler?
    private var context: ChannelHandlerContext?
    private var readPending = false

    /// Glues `first` and `second`; call on their (shared) event loop.
    static func join(_ first: any Channel, _ second: any Channel) throws {
        let (one, other) = (GlueHandler(), GlueHandler())
        one.partner = other
        other.partner = one
        try first.pipeline.syncOperations.addHandler(one)
        try second.pipeline.syncOperations.addHandler(other)
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        partner = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) { partner?.context?.write(data, promise: nil) }

    func channelReadComplete(context: ChannelHandlerContext) { partner?.context?.flush() }

    func channelInactive(context: ChannelHandlerContext) { partner?.closeAfterWrites(mode: .all) }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, case .inputClosed = event {
            partner?.closeAfterWrites(mode: .output)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) { partner?.closeAfterWrites(mode: .all) }

    /// Closes once what was written so far has gone out: a close at once would drop the end of
    /// a response still queued behind a full socket buffer. (An empty write completes after the
    /// writes before it.)
    private func closeAfterWrites(mode: CloseMode) {
        guard let context else { return }
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(NIOAny(context.channel.allocator.buffer(capacity: 0))).whenComplete { _ in
            bound.value.close(mode: mode, promise: nil)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, let partner, partner.readPending {
            partner.readPending = false
            partner.context?.read()
        }
    }

    func read(context: ChannelHandlerContext) {
        if partner?.context?.channel.isWritable ?? false {
            context.read()
        } else {
            readPending = true
        }
    }
}

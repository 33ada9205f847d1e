internal import CVNCServer
import Foundation

/// libvncserver's callbacks: C function pointers that find the server's context through
/// `screenData`, and the viewer through `clientData` (its number).
extension VNCServer {
    static func context(of client: rfbClientPtr?) -> ServerContext? {
        guard let data = client?.pointee.screen?.pointee.screenData else { return nil }
        return Unmanaged<ServerContext>.fromOpaque(data).takeUnretainedValue()
    }

    static func viewer(of client: rfbClientPtr?) -> Int {
        Int(bitPattern: client?.pointee.clientData)
    }

    static func report(_ kind: VNCViewerEvent.Kind, client: rfbClientPtr?) {
        guard let context = context(of: client) else { return }
        let viewer = viewer(of: client)
        let host = context.hosts[viewer] ?? "?"
        context.handlers.viewer(VNCViewerEvent(viewer: viewer, host: host, time: .now, kind: kind))
    }

    static let newClientCallback: rfbNewClientHookPtr = { client in
        guard let client, let context = context(of: client) else { return RFB_CLIENT_REFUSE }
        let viewer = context.nextViewer
        context.nextViewer += 1
        context.hosts[viewer] = client.pointee.host.map { String(cString: $0) } ?? "?"
        client.pointee.clientData = UnsafeMutableRawPointer(bitPattern: viewer)
        client.pointee.clientGoneHook = goneCallback
        report(.connected, client: client)
        return RFB_CLIENT_ACCEPT
    }

    static let goneCallback: ClientGoneHookPtr = { client in
        report(.disconnected, client: client)
        if let context = context(of: client) { context.hosts[viewer(of: client)] = nil }
    }

    static let passwordCallback: rfbPasswordCheckProcPtr = { client, response, length in
        let accepted = rfbCheckPasswordByList(client, response, length) != 0
        report(accepted ? .authenticated : .refused, client: client)
        return accepted ? 1 : 0
    }

    static let pointerCallback: rfbPtrAddEventProcPtr = { buttons, x, y, client in
        // Keeps the cursor position libvncserver draws for viewers that do not draw their own.
        rfbDefaultPtrAddEvent(buttons, x, y, client)
        guard let client, let screen = client.pointee.screen, let context = context(of: client) else { return }
        let event = VNCInputEvent(
            viewer: viewer(of: client), time: .now,
            kind: .pointer(
                x: min(max(Int(x), 0), context.size.width - 1),
                y: min(max(Int(y), 0), context.size.height - 1),
                buttons: UInt8(truncatingIfNeeded: buttons)))
        context.handlers.input(event, VNCFramebuffer(screen: screen, context: context))
    }

    static let keyCallback: rfbKbdAddEventProcPtr = { down, keysym, client in
        guard let client, let screen = client.pointee.screen, let context = context(of: client) else { return }
        let event = VNCInputEvent(viewer: viewer(of: client), time: .now, kind: .key(keysym: keysym, down: down != 0))
        context.handlers.input(event, VNCFramebuffer(screen: screen, context: context))
    }
}

import Foundation

/// An Xauthority file with one MIT-MAGIC-COOKIE-1 entry for any host and any display (family
/// `FamilyWild`), which Xvfb's `-auth` reads and the session's clients find through `XAUTHORITY`.
enum XAuthorityFile {
    /// A fresh cookie: 16 bytes from the system's random source.
    static func newCookie() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// The first MIT-MAGIC-COOKIE-1 in the Xauthority file at `url` (any host, any display).
    static func cookie(in url: URL) throws -> [UInt8] {
        let bytes = [UInt8](try Data(contentsOf: url).prefix(1 << 20))
        var offset = 0
        func field() -> [UInt8]? {
            guard offset + 2 <= bytes.count else { return nil }
            let length = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
            guard offset + 2 + length <= bytes.count else { return nil }
            defer { offset += 2 + length }
            return Array(bytes[offset + 2..<offset + 2 + length])
        }
        // Each entry: family (2 bytes), then address, display number, name and data.
        while offset + 2 <= bytes.count {
            offset += 2
            guard field() != nil, field() != nil, let name = field(), let data = field() else { break }
            if name == Array("MIT-MAGIC-COOKIE-1".utf8) { return data }
        }
        throw CocoaError(
            .fileReadCorruptFile,
            userInfo: [NSFilePathErrorKey: url.path, NSLocalizedDescriptionKey: "no MIT-MAGIC-COOKIE-1 in \(url.path)"])
    }

    /// Writes the file (mode 0600): the any-host entry, and one `FamilyLocal` entry per
    /// `(hostname, display number)` in `local` for clients that match entries exactly (python-xlib
    /// knows no `FamilyWild`).
    static func write(cookie: [UInt8], to url: URL, local: [(hostname: String, display: Int)] = []) throws {
        func field(_ bytes: [UInt8]) -> [UInt8] { [UInt8(bytes.count >> 8), UInt8(bytes.count & 0xFF)] + bytes }
        let name = field(Array("MIT-MAGIC-COOKIE-1".utf8)) + field(cookie)
        var entry = [0xFF, 0xFF] + field([]) + field([]) + name
        for (hostname, display) in local {
            // FamilyLocal is 256.
            entry += [0x01, 0x00] + field(Array(hostname.utf8)) + field(Array(String(display).utf8)) + name
        }
        guard FileManager.default.createFile(atPath: url.path, contents: Data(entry), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
    }
}

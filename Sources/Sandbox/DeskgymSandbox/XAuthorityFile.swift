import Foundation

/// An Xauthority file with one MIT-MAGIC-COOKIE-1 entry for any host and any display (family
/// `FamilyWild`), which Xvfb's `-auth` reads and the session's clients find through `XAUTHORITY`.
enum XAuthorityFile {
    /// A fresh cookie: 16 bytes from the system's random source.
    static func newCookie() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// Writes the file (mode 0600).
    static func write(cookie: [UInt8], to url: URL) throws {
        func field(_ bytes: [UInt8]) -> [UInt8] { [UInt8(bytes.count >> 8), UInt8(bytes.count & 0xFF)] + bytes }
        let entry = [0xFF, 0xFF] + field([]) + field([]) + field(Array("MIT-MAGIC-COOKIE-1".utf8)) + field(cookie)
        guard FileManager.default.createFile(atPath: url.path, contents: Data(entry), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
    }
}

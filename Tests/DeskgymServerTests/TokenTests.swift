import Foundation
import Testing

@testable import DeskgymServer

/// The bearer token: long enough, compared in constant time.
@Suite("Bearer token")
struct TokenTests {
    static let token = "a-token-of-32-bytes-for-the-test"

    @Test("a bearer token shorter than 16 bytes is a configuration error naming 'token' and the length")
    func shortToken() throws {
        let folder = FileManager.default.temporaryDirectory
        do {
            try ServerConfiguration(vmConfigsFolder: folder, tasksFolder: folder, token: "s3cret-token").validate()
            Issue.record("a 12-byte token was accepted")
        } catch {
            #expect(error.field == "token")
            #expect(error.message.contains("12 bytes") && error.message.contains("16"), "\(error.message)")
        }
        #expect(throws: ServerConfigurationError.self) {
            _ = try EnvironmentServer(
                configuration: ServerConfiguration(
                    host: "0.0.0.0", port: 0, vmConfigsFolder: folder, tasksFolder: folder, token: "fifteen-bytes!!"),
                logger: testLogger)
        }
        // 16 bytes is enough (counted in UTF-8: 8 two-byte letters).
        try ServerConfiguration(vmConfigsFolder: folder, tasksFolder: folder, token: "0123456789abcdef").validate()
        try ServerConfiguration(vmConfigsFolder: folder, tasksFolder: folder, token: "éééééééé").validate()
    }

    @Test("the constant-time comparison is a correct equality on bytes, whatever the lengths")
    func constantTimeEquality() {
        let token = Self.token
        #expect(ConstantTime.equal(token, token))
        #expect(ConstantTime.equal("", ""))
        #expect(!ConstantTime.equal("", token))
        #expect(!ConstantTime.equal(token, ""))
        #expect(!ConstantTime.equal(String(token.dropLast()), token), "a prefix")
        #expect(!ConstantTime.equal(token + "x", token), "longer")
        #expect(!ConstantTime.equal(token + token, token), "the token twice (wraps around in the loop)")
        #expect(!ConstantTime.equal("b" + token.dropFirst(), token), "first byte differs")
        #expect(!ConstantTime.equal(token.dropLast() + "T", token), "last byte differs")
        #expect(ConstantTime.equal("日本語のトークン", "日本語のトークン"))
        #expect(!ConstantTime.equal("日本語のトークン", "日本語のトークソ"))
        #expect(!ConstantTime.equal([0, 0], [0]), "zero bytes do not hide a length difference")
        #expect(BearerCredentials.authorizes("Bearer \(token)", token: token))
        #expect(!BearerCredentials.authorizes(token, token: token))
        #expect(!BearerCredentials.authorizes(nil, token: token))
    }
}

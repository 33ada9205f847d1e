import DeskgymFileHost
import Foundation
import Logging
import Testing

@testable import DeskgymTasks

private let logger: Logger = {
    var logger = Logger(label: "deskgym.tests.downloads")
    logger.logLevel = .critical
    return logger
}()

/// Bytes that differ from position to position, so a resumed file that repeats or skips a piece
/// does not compare equal.
private func pattern(_ count: Int, seed: UInt8 = 0) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8 &+ Int(seed)) }
}

/// A fresh cache folder under the temporary directory.
private func scratchFolder() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-downloads-\(UUID().uuidString)")
}

/// The names in a cache folder that are neither lock files nor complete files.
private func leftovers(_ folder: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".part") }
}

/// Runs `body` with a loopback file host and a cache folder, and removes both after.
private func withHost(
    files: [String: [UInt8]], _ body: (FileHost, URL) async throws -> Void
) async throws {
    let host = try await FileHost.start(files: files)
    let folder = scratchFolder()
    do {
        try await body(host, folder)
    } catch {
        await host.stop()
        try? FileManager.default.removeItem(at: folder)
        throw error
    }
    await host.stop()
    try? FileManager.default.removeItem(at: folder)
}

@Suite("Download cache over a loopback file host", .timeLimit(.minutes(2)))
struct DownloadCacheTests {
    @Test("a fetched file is kept under its URL's key with a sidecar; the second request is a hit")
    func fetchThenHit() async throws {
        let bytes = pattern(200_000)
        try await withHost(files: ["a.bin": bytes]) { host, folder in
            let cache = DownloadCache(folder: folder, retryDelay: .milliseconds(10))
            let url = "\(host.baseURL)/files/a.bin"
            let file = try await cache.file(for: url, logger: logger)
            #expect(file == cache.location(for: url))
            #expect(file.lastPathComponent == DownloadCache.key(for: url))
            #expect([UInt8](try Data(contentsOf: file)) == bytes)
            let record = try #require(cache.record(for: url))
            #expect(record.url == url)
            #expect(record.size == Int64(bytes.count))
            #expect(record.sha256 == DownloadCache.sha256Hex(of: bytes))
            #expect(leftovers(folder).isEmpty)
            _ = try await cache.file(for: url, logger: logger)
            #expect(await host.received.count == 1)
        }
    }

    @Test("a route that answers 503 twice is fetched on the third attempt")
    func flakyRetries() async throws {
        let bytes = pattern(10_000, seed: 3)
        try await withHost(files: ["b.bin": bytes]) { host, folder in
            let cache = DownloadCache(folder: folder, attempts: 4, retryDelay: .milliseconds(10))
            let file = try await cache.file(for: "\(host.baseURL)/flaky/b.bin", logger: logger)
            #expect([UInt8](try Data(contentsOf: file)) == bytes)
            #expect(await host.received.count == 3)
            #expect(leftovers(folder).isEmpty)
        }
    }

    @Test("with fewer attempts than failures, the error names the URL, the attempts and the cache path")
    func flakyGivesUp() async throws {
        try await withHost(files: ["b.bin": pattern(100)]) { host, folder in
            let cache = DownloadCache(folder: folder, attempts: 2, retryDelay: .milliseconds(10))
            let url = "\(host.baseURL)/flaky/b.bin"
            let error = await #expect(throws: DownloadError.self) { try await cache.file(for: url, logger: logger) }
            #expect(error?.kind == .transport)
            #expect(error?.description.contains(url) == true)
            #expect(error?.description.contains("2 attempts") == true)
            #expect(error?.description.contains("HTTP 503") == true)
            #expect(error?.description.contains(cache.location(for: url).path) == true)
            #expect(cache.cachedFile(for: url) == nil)
        }
    }

    @Test("a connection dropped mid-body is resumed with a range request from where the part file ends")
    func resumesAfterCut() async throws {
        let bytes = pattern(1_000_000, seed: 7)
        try await withHost(files: ["c.bin": bytes]) { host, folder in
            let cache = DownloadCache(folder: folder, retryDelay: .milliseconds(10))
            let file = try await cache.file(for: "\(host.baseURL)/cut/c.bin", logger: logger)
            #expect([UInt8](try Data(contentsOf: file)) == bytes)
            let received = await host.received
            #expect(received.count == 2)
            #expect(received.first?.range == nil)
            let range = try #require(received.last?.range)
            // The second request starts after what the first delivered (at least part of the half sent).
            let start = try #require(Int(range.dropFirst("bytes=".count).dropLast()))
            #expect(start > 0 && start <= bytes.count / 2)
            #expect(leftovers(folder).isEmpty)
        }
    }

    @Test("a part file left by an earlier run is resumed from its end")
    func resumesLeftPart() async throws {
        let bytes = pattern(400_000, seed: 19)
        try await withHost(files: ["r.bin": bytes]) { host, folder in
            let cache = DownloadCache(folder: folder, retryDelay: .milliseconds(10))
            let url = "\(host.baseURL)/files/r.bin"
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(bytes.prefix(150_000)).write(to: cache.location(for: url).appendingPathExtension("part"))
            let file = try await cache.file(for: url, logger: logger)
            #expect([UInt8](try Data(contentsOf: file)) == bytes)
            #expect(await host.received.map(\.range) == ["bytes=150000-"])
            #expect(leftovers(folder).isEmpty)
        }
    }

    @Test("a part file longer than the file (416) is started over")
    func oversizedPartStartsOver() async throws {
        let bytes = pattern(20_000, seed: 23)
        try await withHost(files: ["s.bin": bytes]) { host, folder in
            let cache = DownloadCache(folder: folder, retryDelay: .milliseconds(10))
            let url = "\(host.baseURL)/files/s.bin"
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(pattern(30_000, seed: 1)).write(to: cache.location(for: url).appendingPathExtension("part"))
            let file = try await cache.file(for: url, logger: logger)
            #expect([UInt8](try Data(contentsOf: file)) == bytes)
            #expect(await host.received.map(\.range) == ["bytes=30000-", nil])
        }
    }

    @Test("a checksum mismatch is an error naming both digests, and nothing is left in the cache")
    func checksumMismatch() async throws {
        let bytes = pattern(5_000, seed: 9)
        try await withHost(files: ["d.bin": bytes]) { host, folder in
            let cache = DownloadCache(folder: folder, retryDelay: .milliseconds(10))
            let url = "\(host.baseURL)/files/d.bin"
            let wrong = String(repeating: "0", count: 64)
            let error = await #expect(throws: DownloadError.self) {
                try await cache.file(for: url, expectedSHA256: wrong, logger: logger)
            }
            #expect(error?.kind == .checksumMismatch)
            #expect(error?.description.contains(url) == true)
            #expect(error?.description.contains(wrong) == true)
            #expect(error?.description.contains(DownloadCache.sha256Hex(of: bytes)) == true)
            #expect(cache.cachedFile(for: url) == nil)
            #expect(leftovers(folder).isEmpty)
            // The right digest is accepted.
            let right = DownloadCache.sha256Hex(of: bytes)
            let file = try await cache.file(for: url, expectedSHA256: right.uppercased(), logger: logger)
            #expect([UInt8](try Data(contentsOf: file)) == bytes)
        }
    }

    @Test("offline, a miss is an error naming the URL and the cache path, and nothing is requested")
    func offlineMiss() async throws {
        try await withHost(files: ["e.bin": pattern(100)]) { host, folder in
            let url = "\(host.baseURL)/files/e.bin"
            let offline = DownloadCache(folder: folder, offline: true)
            let error = await #expect(throws: DownloadError.self) { try await offline.file(for: url, logger: logger) }
            #expect(error?.kind == .offlineMiss)
            #expect(error?.description.contains(url) == true)
            #expect(error?.description.contains(offline.location(for: url).path) == true)
            #expect(error?.description.contains("deskgym tasks fetch") == true)
            #expect(await host.received.isEmpty)
            // Filled online, the same URL is a hit offline.
            _ = try await DownloadCache(folder: folder).file(for: url, logger: logger)
            #expect(try await offline.file(for: url, logger: logger) == offline.location(for: url))
        }
    }

    @Test("a mirror rewrites the prefix; the cache keys the file by the URL the task wrote")
    func mirrorRewrite() async throws {
        let bytes = pattern(3_000, seed: 11)
        try await withHost(files: ["f.xlsx": bytes]) { host, folder in
            let mirror = try #require(DownloadMirror(argument: "https://huggingface.co/datasets/x/resolve/main/=\(host.baseURL)/files/"))
            #expect(mirror.prefix == "https://huggingface.co/datasets/x/resolve/main/")
            let cache = DownloadCache(folder: folder, mirrors: [mirror])
            let original = "https://huggingface.co/datasets/x/resolve/main/f.xlsx"
            let file = try await cache.file(for: original, logger: logger)
            #expect(file == cache.location(for: original))
            #expect([UInt8](try Data(contentsOf: file)) == bytes)
            #expect(await host.received.map(\.path) == ["/files/f.xlsx"])
            let record = try #require(cache.record(for: original))
            #expect(record.url == original)
            #expect(record.fetchedFrom == "\(host.baseURL)/files/f.xlsx")
            // The same URL without the mirror, offline, is served from the cache.
            #expect(DownloadCache(folder: folder, offline: true).cachedFile(for: original) == file)
        }
    }

    @Test("a folder mirror (file://) fills the cache from this machine")
    func folderMirror() async throws {
        let folder = scratchFolder()
        let source = scratchFolder()
        defer {
            try? FileManager.default.removeItem(at: folder)
            try? FileManager.default.removeItem(at: source)
        }
        try FileManager.default.createDirectory(at: source.appendingPathComponent("os"), withIntermediateDirectories: true)
        try Data("local copy".utf8).write(to: source.appendingPathComponent("os/g.txt"))
        let mirror = try #require(DownloadMirror(argument: "https://files.example.org/=file://\(source.path)/"))
        let cache = DownloadCache(folder: folder, mirrors: [mirror])
        let file = try await cache.file(for: "https://files.example.org/os/g.txt", logger: logger)
        #expect(try String(contentsOf: file, encoding: .utf8) == "local copy")
        let error = await #expect(throws: DownloadError.self) {
            try await cache.file(for: "https://files.example.org/os/missing.txt", logger: logger)
        }
        #expect(error?.description.contains("https://files.example.org/os/missing.txt") == true)
    }

    @Test("a Google Drive link is normalised, its confirm page's form followed with the cookie, and the file kept")
    func googleDriveConfirm() async throws {
        let bytes = pattern(50_000, seed: 13)
        try await withHost(files: ["drive-BIG_file-123": bytes]) { host, folder in
            let mirror = DownloadMirror(prefix: "https://drive.google.com/", replacement: "\(host.baseURL)/")
            let cache = DownloadCache(folder: folder, mirrors: [mirror])
            let written = "https://drive.google.com/file/d/BIG_file-123/view?usp=sharing"
            let file = try await cache.file(for: written, logger: logger)
            #expect([UInt8](try Data(contentsOf: file)) == bytes)
            let received = await host.received
            #expect(received.map(\.path) == ["/uc", "/download"])
            #expect(received.last?.cookie == "download_warning_BIG_file-123=t")
            // Every form of the link names the same cache entry.
            let other = "https://drive.google.com/uc?id=BIG_file-123&export=download"
            #expect(cache.location(for: other) == file)
            #expect(cache.record(for: other)?.url == "https://drive.google.com/uc?export=download&id=BIG_file-123")
            #expect(leftovers(folder).isEmpty)
        }
    }

    @Test("a small Drive file comes without a confirm page")
    func googleDriveDirect() async throws {
        try await withHost(files: ["small-tiny1": Array("tiny".utf8)]) { host, folder in
            let cache = DownloadCache(
                folder: folder, mirrors: [DownloadMirror(prefix: "https://drive.google.com/", replacement: "\(host.baseURL)/")])
            let file = try await cache.file(for: "https://drive.google.com/uc?id=tiny1&export=download", logger: logger)
            #expect(try String(contentsOf: file, encoding: .utf8) == "tiny")
        }
    }

    @Test("Google Drive links in OSWorld's forms normalise to uc?export=download&id=ID")
    func googleDriveForms() {
        let id = "1aBc-D_e"
        for link in [
            "https://drive.google.com/uc?id=\(id)&export=download", "https://drive.google.com/uc?export=download&id=\(id)",
            "https://drive.google.com/file/d/\(id)/view?usp=drive_link", "https://drive.google.com/file/d/\(id)/edit",
            "https://drive.google.com/open?id=\(id)", "https://docs.google.com/uc?export=download&id=\(id)",
        ] {
            #expect(GoogleDriveLink.normalized(link) == "https://drive.google.com/uc?export=download&id=\(id)", "\(link)")
        }
        #expect(GoogleDriveLink.normalized("https://huggingface.co/file/d/x/view") == nil)
        #expect(GoogleDriveLink.normalized("https://drive.google.com/drive/folders/abc") == nil)
        let page = URL(string: "https://drive.google.com/uc?export=download&id=X")!
        let old = #"<a id="uc-download-link" href="/uc?export=download&amp;confirm=AbCd&amp;id=X">Download anyway</a>"#
        #expect(
            GoogleDriveLink.confirmURL(inPage: old, pageURL: page)?.absoluteString
                == "https://drive.google.com/uc?export=download&confirm=AbCd&id=X")
        let error = #"<p class="uc-error-subcaption">Too many users have viewed or downloaded this file recently.</p>"#
        #expect(GoogleDriveLink.confirmURL(inPage: error, pageURL: page) == nil)
        #expect(GoogleDriveLink.errorText(inPage: error)?.hasPrefix("Too many users") == true)
    }

    @Test("a 404 is not retried and is an HTTP error naming the status")
    func notFound() async throws {
        try await withHost(files: [:]) { host, folder in
            let cache = DownloadCache(folder: folder, retryDelay: .milliseconds(10))
            let url = "\(host.baseURL)/files/nothing.bin"
            let error = await #expect(throws: DownloadError.self) { try await cache.file(for: url, logger: logger) }
            #expect(error?.kind == .httpStatus)
            #expect(error?.description.contains("404") == true)
            #expect(await host.received.count == 1)
        }
    }

    @Test("a file over the size cap is refused and nothing is kept")
    func sizeCap() async throws {
        try await withHost(files: ["big.bin": pattern(100_000)]) { host, folder in
            let cache = DownloadCache(folder: folder, maximumBytes: 1_000)
            let url = "\(host.baseURL)/files/big.bin"
            let error = await #expect(throws: DownloadError.self) { try await cache.file(for: url, logger: logger) }
            #expect(error?.kind == .tooLarge)
            #expect(cache.cachedFile(for: url) == nil)
            #expect(leftovers(folder).isEmpty)
        }
    }

    @Test("sessions asking for the same URL at once share one download")
    func concurrentRequests() async throws {
        let bytes = pattern(300_000, seed: 17)
        try await withHost(files: ["h.bin": bytes]) { host, folder in
            let cache = DownloadCache(folder: folder)
            let url = "\(host.baseURL)/files/h.bin"
            let files = try await withThrowingTaskGroup(of: URL.self) { group in
                for _ in 0..<4 { group.addTask { try await cache.file(for: url, logger: logger) } }
                return try await group.reduce(into: [URL]()) { $0.append($1) }
            }
            #expect(Set(files) == [cache.location(for: url)])
            #expect(await host.received.count == 1)
        }
    }

    @Test("the environment picks the folder, offline mode and mirrors")
    func environment() {
        let explicit = DownloadCache(environment: [
            "DESKGYM_DOWNLOAD_CACHE": "/srv/cache", "DESKGYM_OFFLINE": "1",
            "DESKGYM_DOWNLOAD_MIRRORS": "https://a.example/=http://127.0.0.1:9/ https://b.example/x?y=1=https://c.example/",
        ])
        #expect(explicit.folder.path == "/srv/cache")
        #expect(explicit.offline)
        #expect(explicit.mirrors.map(\.prefix) == ["https://a.example/", "https://b.example/x?y=1"])
        #expect(DownloadCache(environment: ["XDG_CACHE_HOME": "/x/cache", "HOME": "/h"]).folder.path == "/x/cache/deskgym/downloads")
        let home = DownloadCache(environment: ["HOME": "/h"])
        #expect(home.folder.path == "/h/.cache/deskgym/downloads")
        #expect(!home.offline)
        #expect(DownloadMirror(argument: "no-equals-sign") == nil)
        #expect(
            DownloadMirror.rewrite(
                "https://a.example/p/q",
                with: [
                    .init(prefix: "https://a.example/", replacement: "http://m/"),
                    .init(prefix: "https://a.example/p/", replacement: "http://n/"),
                ]) == "http://n/q")
    }
}

import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

extension DownloadCache {
    /// The client of every download: redirects followed (Hugging Face answers `resolve/` URLs
    /// with one to its CDN), and a read time-out instead of a deadline, since a large file may
    /// take long but a transfer that stalls should be tried again.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .follow(max: 10, allowCycles: false),
            timeout: .init(connect: .seconds(15), read: .seconds(60)))
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// How many Google Drive confirm pages one download follows.
    static let maximumConfirmations = 3
    /// The largest HTML page read for Google Drive's confirm link.
    static let maximumPageBytes = 2 << 20

    /// One try at a transfer went wrong: try again (keeping what was written), or give up.
    enum AttemptFailure: Error {
        case retry(String)
        case fatal(DownloadError)
    }

    /// What one request brought.
    enum TransferOutcome {
        /// The `.part` file holds the whole body.
        case complete
        /// Google Drive answered with its confirm page: fetch this URL next, with these cookies.
        case confirm(URL, cookies: [String])
    }

    /// Fetches `canonical` (through the mirrors) into `<key>.part`, then checks and renames it.
    /// The caller holds the lock.
    func download(_ url: String, canonical: String, expected: String?, logger: Logger) async throws(DownloadError) -> URL {
        let target = location(for: canonical)
        let part = target.appendingPathExtension("part")
        var source = DownloadMirror.rewrite(canonical, with: mirrors)
        let isDrive = GoogleDriveLink.fileID(in: canonical) != nil
        if source.hasPrefix("file://") {
            try copyLocal(source, into: part, url: url)
            return try finish(part: part, target: target, url: url, canonical: canonical, source: source, expected: expected)
        }
        var cookies: [String] = []
        var confirmations = 0
        var failures: [String] = []
        transfers: while true {
            do throws(AttemptFailure) {
                let outcome = try await transfer(from: source, into: part, cookies: cookies, isDrive: isDrive, url: url, logger: logger)
                guard case .confirm(let next, let newCookies) = outcome else { break transfers }
                confirmations += 1
                guard confirmations <= Self.maximumConfirmations else {
                    throw AttemptFailure.fatal(
                        failure(
                            url, .googleDrive, "Google Drive answered with a confirm page \(confirmations) times",
                            fix: "check that the file is shared publicly, or download it by hand into the cache path"))
                }
                logger.debug("download: following Google Drive's confirm link", metadata: ["url": "\(url)", "next": "\(next)"])
                source = DownloadMirror.rewrite(next.absoluteString, with: mirrors)
                cookies = newCookies
            } catch {
                let reason: String
                switch error {
                case .fatal(let problem):
                    try? FileManager.default.removeItem(at: part)
                    throw problem
                case .retry(let text):
                    reason = text
                }
                failures.append(reason)
                guard failures.count < attempts else {
                    // The `.part` file stays: the next download of this URL resumes it.
                    throw failure(
                        url, .transport,
                        "\(failures.count) attempts from \(source) failed: \(failures.joined(separator: "; "))",
                        fix: "check the network, give a mirror with --mirror PREFIX=URL, or put the file at the cache path")
                }
                let pause = retryDelay * (1 << (failures.count - 1))
                logger.info(
                    "download: attempt \(failures.count) failed, trying again in \(pause)",
                    metadata: ["url": "\(url)", "reason": "\(reason)"])
                do {
                    try await Task.sleep(for: pause)
                } catch {
                    throw failure(url, .transport, "cancelled after: \(failures.joined(separator: "; "))", fix: "run it again")
                }
            }
        }
        return try finish(part: part, target: target, url: url, canonical: canonical, source: source, expected: expected)
    }

    /// One request: the body appended to `part` (resumed with a range request when `part` holds
    /// the start of the file), or Google Drive's confirm link.
    func transfer(
        from source: String, into part: URL, cookies: [String], isDrive: Bool, url: String, logger: Logger
    ) async throws(AttemptFailure) -> TransferOutcome {
        let existing = Self.size(of: part) ?? 0
        var request = HTTPClientRequest(url: source)
        request.headers.add(name: "User-Agent", value: "deskgym")
        if existing > 0 { request.headers.add(name: "Range", value: "bytes=\(existing)-") }
        if !cookies.isEmpty { request.headers.add(name: "Cookie", value: cookies.joined(separator: "; ")) }
        let response: HTTPClientResponse
        do {
            response = try await Self.client.execute(request, timeout: .seconds(60), logger: logger)
        } catch {
            throw .retry("\(error)")
        }
        var offset: Int64 = 0
        switch response.status.code {
        case 200:
            break
        case 206:
            // Only a range starting where the part ends continues it; anything else starts over.
            guard let start = Self.rangeStart(response.headers.first(name: "Content-Range")), start == existing else {
                try? FileManager.default.removeItem(at: part)
                throw .retry("the server answered a range other than the one asked for; starting over")
            }
            offset = existing
        case 416:
            try? FileManager.default.removeItem(at: part)
            throw .retry("the server refused to resume at byte \(existing); starting over")
        case 408, 429, 500...599:
            throw .retry("HTTP \(response.status.code) from \(source)")
        default:
            throw .fatal(
                failure(
                    url, .httpStatus, "the server answered HTTP \(response.status.code) \(response.status.reasonPhrase) for \(source)",
                    fix: "check the URL, or give a mirror that has the file with --mirror PREFIX=URL"))
        }
        if isDrive, response.headers.first(name: "Content-Type")?.lowercased().contains("text/html") == true {
            return try await confirmStep(response, source: source, url: url)
        }
        if let length = response.headers.first(name: "Content-Length").flatMap({ Int64($0) }), offset + length > maximumBytes {
            throw .fatal(tooLarge(url, offset + length))
        }
        let handle: FileHandle
        do {
            if offset == 0 { _ = FileManager.default.createFile(atPath: part.path, contents: nil) }
            handle = try FileHandle(forWritingTo: part)
            if offset == 0 { try handle.truncate(atOffset: 0) } else { try handle.seekToEnd() }
        } catch {
            throw .fatal(failure(url, .fileSystem, "cannot write \(part.path): \(error)", fix: Self.folderFix))
        }
        defer { try? handle.close() }
        var written: Int64 = 0
        var iterator = response.body.makeAsyncIterator()
        while true {
            let buffer: ByteBuffer?
            do {
                buffer = try await iterator.next()
            } catch {
                throw .retry("the connection broke after \(offset + written) bytes: \(error)")
            }
            guard let buffer else { break }
            written += Int64(buffer.readableBytes)
            guard offset + written <= maximumBytes else { throw .fatal(tooLarge(url, offset + written)) }
            do {
                try handle.write(contentsOf: Data(buffer.readableBytesView))
            } catch {
                throw .fatal(failure(url, .fileSystem, "cannot write \(part.path): \(error)", fix: Self.folderFix))
            }
        }
        if let length = response.headers.first(name: "Content-Length").flatMap({ Int64($0) }), written != length {
            throw .retry("the body ended after \(written) of \(length) bytes")
        }
        return .complete
    }

    /// Google Drive's answer for a file too large for its virus scan: an HTML page whose link or
    /// form confirms the download (`gdown` follows it the same way), with the cookies it set.
    func confirmStep(_ response: HTTPClientResponse, source: String, url: String) async throws(AttemptFailure) -> TransferOutcome {
        let page: ByteBuffer
        do {
            page = try await response.body.collect(upTo: Self.maximumPageBytes)
        } catch {
            throw .retry("cannot read Google Drive's page: \(error)")
        }
        let html = String(buffer: page)
        guard let pageURL = URL(string: source), let next = GoogleDriveLink.confirmURL(inPage: html, pageURL: pageURL) else {
            let reason = GoogleDriveLink.errorText(inPage: html).map { "Drive says: \($0)" } ?? "the page has no download link or form"
            throw .fatal(
                failure(
                    url, .googleDrive, "Google Drive answered with an HTML page instead of the file (\(reason))",
                    fix: "check that the file is shared publicly, or download it by hand into the cache path"))
        }
        let cookies = response.headers["Set-Cookie"].prefix(32).compactMap { header in
            header.split(separator: ";", maxSplits: 1).first.map { String($0).trimmingCharacters(in: .whitespaces) }
        }
        return .confirm(next, cookies: cookies)
    }

    /// The first byte of a `Content-Range: bytes START-END/TOTAL` header.
    static func rangeStart(_ header: String?) -> Int64? {
        guard let header, header.hasPrefix("bytes ") else { return nil }
        return header.dropFirst("bytes ".count).split(separator: "-").first.flatMap { Int64($0) }
    }

    func tooLarge(_ url: String, _ size: Int64) -> DownloadError {
        failure(
            url, .tooLarge, "the file has at least \(size) bytes, more than the cap of \(maximumBytes)",
            fix: "raise the cap (DESKGYM_DOWNLOAD_MAX_BYTES) if the file is expected to be this large")
    }

    /// A mirror in a folder of this machine: the file is copied, then checked as a download is.
    func copyLocal(_ source: String, into part: URL, url: String) throws(DownloadError) {
        guard let path = URL(string: source)?.path, let size = Self.size(of: URL(fileURLWithPath: path)) else {
            throw failure(
                url, .transport, "the mirror's file \(source) does not exist", fix: "put the file in the mirror folder, or drop the mirror")
        }
        guard size <= maximumBytes else { throw tooLarge(url, size) }
        do {
            try? FileManager.default.removeItem(at: part)
            try FileManager.default.copyItem(atPath: path, toPath: part.path)
        } catch {
            throw failure(url, .fileSystem, "cannot copy \(path) to \(part.path): \(error)", fix: Self.folderFix)
        }
    }

    /// Checks the complete `.part` file (its digest), writes the sidecar and renames the file into
    /// place: `rename(2)` is atomic, so a reader sees the whole file or none.
    func finish(
        part: URL, target: URL, url: String, canonical: String, source: String, expected: String?
    ) throws(DownloadError) -> URL {
        let size = Self.size(of: part) ?? 0
        let digest = try sha256(of: part, url: url)
        if let expected, digest != expected {
            try? FileManager.default.removeItem(at: part)
            throw failure(
                url, .checksumMismatch, "expected SHA-256 \(expected), got \(digest) (\(size) bytes from \(source)); the file was removed",
                fix: "the file at the URL changed or the task's checksum is wrong: correct the checksum, or the mirror")
        }
        let record = DownloadRecord(
            url: canonical, fetchedFrom: source, size: size, sha256: digest,
            fetchedAt: ISO8601DateFormatter().string(from: Date()))
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(record).write(to: target.appendingPathExtension("json"), options: .atomic)
        } catch {
            throw failure(url, .fileSystem, "cannot write the sidecar of \(target.path): \(error)", fix: Self.folderFix)
        }
        guard rename(part.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            throw failure(url, .fileSystem, "cannot rename \(part.path) into place: \(reason)", fix: Self.folderFix)
        }
        return target
    }

    /// Takes `<key>.lock`. Polled rather than blocking: a blocking `flock` would hold one of the
    /// concurrency pool's few threads while another session downloads the file.
    func acquireLock(for target: URL, url: String) async throws(DownloadError) -> Int32 {
        let path = target.appendingPathExtension("lock").path
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw failure(url, .fileSystem, "cannot open \(path): \(String(cString: strerror(errno)))", fix: Self.folderFix)
        }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw failure(url, .fileSystem, "cannot lock \(path): \(reason)", fix: Self.folderFix)
            }
            do {
                try await Task.sleep(for: .milliseconds(50))
            } catch {
                close(descriptor)
                throw failure(url, .transport, "cancelled while another download of it was under way", fix: "run it again")
            }
        }
        return descriptor
    }
}

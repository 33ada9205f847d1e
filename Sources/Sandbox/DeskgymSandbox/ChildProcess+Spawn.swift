import Logging

#if canImport(Glibc)
import Glibc
#endif

extension ChildProcess {
    /// Where the child's standard output and standard error go. Standard input is always `/dev/null`.
    public enum Output: Sendable, Hashable {
        /// `/dev/null`.
        case discard
        /// Appended to this file, created with mode 0644 if missing.
        case appendToFile(path: String)
        /// Standard output and standard error each written (truncated first) to its own file.
        case separateFiles(stdout: String, stderr: String)
        /// The parent's own standard output and error (for debugging).
        case inherit
    }

    /// Packages that provide programs the sandbox runs, for "not found" messages.
    static let installHints: [String: String] = [
        "Xvfb": "install the xvfb package",
        "openbox": "install the openbox package",
        "xterm": "install the xterm package",
        "x11vnc": "install the x11vnc package",
        "xdotool": "install the xdotool package",
        "xdpyinfo": "install the x11-utils package",
        "xprop": "install the x11-utils package",
        "xrdb": "install the x11-xserver-utils package",
        "xsetroot": "install the x11-xserver-utils package",
        "wmctrl": "install the wmctrl package",
        "qemu-system-x86_64": "install the qemu-system-x86 package",
        // The applications of OSWorld's VM: `scripts/setup.sh --osworld` installs those Debian has.
        "gimp": "install the gimp package, or run scripts/setup.sh --osworld",
        "vlc": "install the vlc package, or run scripts/setup.sh --osworld",
        "cvlc": "install the vlc package, or run scripts/setup.sh --osworld",
        "thunderbird": "install the thunderbird package, or run scripts/setup.sh --osworld",
        "code": "Debian does not package Visual Studio Code; OSWorld's vs_code tasks cannot run here (docs/osworld-harness.md)",
        "libreoffice": "install the libreoffice-calc, -writer and -impress packages",
        "soffice": "install the libreoffice-calc, -writer and -impress packages",
        "chromium": "install the chromium package",
        "nautilus": "install the nautilus package (the bundled file_manager tasks use pcmanfm)",
        "gedit": "install the gedit package (the bundled text_editor tasks use mousepad)",
        "gnome-terminal": "install the gnome-terminal package (Deskgym's terminal is xterm)",
    ]

    /// Starts `program` as the leader of a new process group.
    ///
    /// - Parameters:
    ///   - program: argv[0]. Without a `/` it is looked up on the `PATH` of `environment` (else this
    ///     process's `PATH`); with one, it is used as is (relative to this process's directory, not
    ///     to `workingDirectory`). The child's argv[0] is `program` as given.
    ///   - arguments: argv[1...].
    ///   - environment: The child's complete environment; nothing is inherited.
    ///   - workingDirectory: The child's directory; `nil` keeps this process's.
    ///   - output: Where stdout and stderr go; stdin is `/dev/null`.
    ///   - descriptors: Extra descriptors for the child, as `[child fd: parent fd]`; child fds must be
    ///     3 or more. The parent keeps (and must close) its own descriptors. Every other descriptor
    ///     is closed in the child.
    ///   - name: A label for logs and errors; defaults to `program`'s last path component.
    ///   - logger: Receives debug lines about start and teardown.
    /// - Throws: ``ProcessError`` naming the program and the failed step, e.g. when it is not on `PATH`.
    public static func spawn(
        _ program: String,
        arguments: [String] = [],
        environment: [String: String],
        workingDirectory: String? = nil,
        output: Output = .discard,
        passing descriptors: [Int32: Int32] = [:],
        name: String? = nil,
        logger: Logger? = nil
    ) throws(ProcessError) -> ChildProcess {
        let label = name ?? String(program.split(separator: "/").last ?? Substring(program))
        let path = environment["PATH"] ?? getenv("PATH").map { String(cString: $0) } ?? "/usr/local/bin:/usr/bin:/bin"
        let executable = try resolve(program, searchPath: path)

        if let workingDirectory {
            var info = stat()
            if stat(workingDirectory, &info) != 0 {
                throw ProcessError(program: label, operation: .changeDirectory, detail: workingDirectory, errno: errno)
            }
            if info.st_mode & S_IFMT != S_IFDIR {
                throw ProcessError(program: label, operation: .changeDirectory, detail: workingDirectory, errno: ENOTDIR)
            }
        }
        if let bad = descriptors.keys.first(where: { $0 < 3 }) {
            throw ProcessError(program: label, operation: .passDescriptor, detail: "\(bad) (use 3 or more)", errno: EINVAL)
        }

        // Every descriptor the parent prepares is moved to a number above all targets, with
        // O_CLOEXEC, so no dup2 source is also a target and none leaks into other children.
        let floor = max(3, (descriptors.keys.max() ?? 2) + 1)
        var owned: [Int32] = []
        defer { for fd in owned { close(fd) } }

        func openHigh(_ path: String, _ flags: Int32) throws(ProcessError) -> Int32 {
            let fd = open(path, flags | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw ProcessError(program: label, operation: .openOutput, detail: path, errno: errno) }
            defer { close(fd) }
            let high = fcntl(fd, F_DUPFD_CLOEXEC, floor)
            guard high >= 0 else { throw ProcessError(program: label, operation: .openOutput, detail: path, errno: errno) }
            owned.append(high)
            return high
        }

        let null = try openHigh("/dev/null", O_RDWR)
        var outputFD: Int32? = null
        var errorFD: Int32? = null
        switch output {
        case .discard: break
        case .appendToFile(let logPath):
            outputFD = try openHigh(logPath, O_WRONLY | O_APPEND | O_CREAT)
            errorFD = outputFD
        case .separateFiles(let stdoutPath, let stderrPath):
            outputFD = try openHigh(stdoutPath, O_WRONLY | O_TRUNC | O_CREAT)
            errorFD = try openHigh(stderrPath, O_WRONLY | O_TRUNC | O_CREAT)
        case .inherit:
            outputFD = nil
            errorFD = nil
        }
        var passed: [(target: Int32, source: Int32)] = []
        for (target, source) in descriptors.sorted(by: { $0.key < $1.key }) {
            let high = fcntl(source, F_DUPFD_CLOEXEC, floor)
            guard high >= 0 else {
                throw ProcessError(program: label, operation: .passDescriptor, detail: "\(source)", errno: errno)
            }
            owned.append(high)
            passed.append((target, high))
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        func check(_ result: Int32, _ what: String) throws(ProcessError) {
            if result != 0 { throw ProcessError(program: label, operation: .spawn, detail: what, errno: result) }
        }

        // Descriptors below the floor that are not targets: close them (a close of an unopened
        // descriptor is not an error in glibc's posix_spawn).
        for fd in Int32(3)..<floor where descriptors[fd] == nil {
            try check(posix_spawn_file_actions_addclose(&actions, fd), "addclose")
        }
        try check(posix_spawn_file_actions_adddup2(&actions, null, 0), "adddup2 stdin")
        if let outputFD {
            try check(posix_spawn_file_actions_adddup2(&actions, outputFD, 1), "adddup2 stdout")
        }
        if let errorFD {
            try check(posix_spawn_file_actions_adddup2(&actions, errorFD, 2), "adddup2 stderr")
        }
        for (target, source) in passed {
            try check(posix_spawn_file_actions_adddup2(&actions, source, target), "adddup2 \(target)")
        }
        if let workingDirectory {
            guard let addchdir = SpawnExtensions.addchdir else {
                throw ProcessError(program: label, operation: .changeDirectory, detail: workingDirectory, errno: ENOSYS)
            }
            try check(workingDirectory.withCString { addchdir(&actions, $0) }, "addchdir")
        }
        // Everything from the floor up: the prepared sources, and anything opened elsewhere in this
        // process without O_CLOEXEC.
        if let addclosefrom = SpawnExtensions.addclosefrom {
            try check(addclosefrom(&actions, floor), "addclosefrom")
        }

        try check(
            posix_spawnattr_setflags(
                &attributes,
                Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)),
            "setflags")
        try check(posix_spawnattr_setpgroup(&attributes, 0), "setpgroup")
        // An empty signal mask and default dispositions, so the child does not inherit, say, an
        // ignored SIGPIPE or a blocked SIGTERM from this process.
        var mask = sigset_t()
        sigemptyset(&mask)
        try check(posix_spawnattr_setsigmask(&attributes, &mask), "setsigmask")
        var defaults = sigset_t()
        sigfillset(&defaults)
        try check(posix_spawnattr_setsigdefault(&attributes, &defaults), "setsigdefault")

        let argv = CStringArray([program] + arguments)
        let envp = CStringArray(environment.sorted(by: { $0.key < $1.key }).map { "\($0.key)=\($0.value)" })
        var pid: pid_t = 0
        let result = ChildProcess.owned.withLock { owned in
            let result = withExtendedLifetime((argv, envp)) {
                executable.withCString { path in
                    posix_spawn(&pid, path, &actions, &attributes, argv.pointers, envp.pointers)
                }
            }
            if result == 0 { owned.insert(pid) }
            return result
        }
        guard result == 0 else {
            throw ProcessError(program: label, operation: .spawn, detail: executable, errno: result)
        }
        logger?.debug(
            "spawned child process",
            metadata: [
                "process.name": "\(label)", "process.pid": "\(pid)",
                "process.executable": "\(executable)",
            ])
        return ChildProcess(pid: pid, name: label, executablePath: executable, logger: logger)
    }

    /// The absolute path of `program`: itself if it contains `/`, else the first executable
    /// regular file named `program` in `searchPath`. Relative results are made absolute against
    /// this process's directory, since the child may change directory before it executes.
    static func resolve(_ program: String, searchPath: String) throws(ProcessError) -> String {
        let hint = installHints[program]
        func absolute(_ path: String) -> String {
            guard !path.hasPrefix("/"), let cwd = getcwd(nil, 0) else { return path }
            defer { free(cwd) }
            return String(cString: cwd) + "/" + path
        }
        guard !program.isEmpty else {
            throw ProcessError(program: "(empty program name)", operation: .findProgram, errno: ENOENT)
        }
        func executable(_ path: String) -> Int32 {
            var info = stat()
            guard stat(path, &info) == 0 else { return errno }
            guard info.st_mode & S_IFMT == S_IFREG else { return EACCES }
            return access(path, X_OK) == 0 ? 0 : errno
        }
        if program.contains("/") {
            let status = executable(program)
            if status != 0 { throw ProcessError(program: program, operation: .findProgram, errno: status, hint: hint) }
            return absolute(program)
        }
        var firstDenied: Int32?
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
            let folder = directory.isEmpty ? "." : String(directory)
            let candidate = folder + "/" + program
            let status = executable(candidate)
            if status == 0 { return absolute(candidate) }
            if status == EACCES, firstDenied == nil { firstDenied = status }
        }
        throw ProcessError(program: program, operation: .findProgram, errno: firstDenied ?? ENOENT, hint: hint)
    }
}

/// glibc's `posix_spawn_file_actions_addchdir_np` (2.29) and `…_addclosefrom_np` (2.34) are
/// declared only under `_GNU_SOURCE`, which the Glibc module does not define; they are looked up
/// once at run time instead. `nil` where the C library lacks them.
private enum SpawnExtensions {
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    static let addchdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")
    static let addclosefrom: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")

    private static func symbol<T>(_ name: String) -> T? {
        // RTLD_DEFAULT is ((void *) 0) in glibc.
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(address, to: T.self)
    }
}

/// A NULL-terminated `char *[]` that owns its strings until deinitialised.
private final class CStringArray {
    let pointers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    private let count: Int

    init(_ strings: [String]) {
        count = strings.count
        pointers = .allocate(capacity: strings.count + 1)
        for (index, string) in strings.enumerated() { pointers[index] = strdup(string) }
        pointers[strings.count] = nil
    }

    deinit {
        for index in 0..<count { free(pointers[index]) }
        pointers.deallocate()
    }
}

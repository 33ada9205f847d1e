/// The port the server listens on, once it does; waiters hear nil when it stops without having
/// listened (the address was taken, say).
actor ListeningPort {
    private var port: Int?
    private var finished = false
    private var waiters: [CheckedContinuation<Int?, Never>] = []

    func set(_ port: Int) {
        self.port = port
        for waiter in waiters { waiter.resume(returning: port) }
        waiters.removeAll()
    }

    func finish() {
        finished = true
        for waiter in waiters { waiter.resume(returning: port) }
        waiters.removeAll()
    }

    func wait() async -> Int? {
        if port != nil || finished { return port }
        return await withCheckedContinuation { waiters.append($0) }
    }
}

extension Duration {
    /// Milliseconds as a Double, for JSON answers.
    var serverMilliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }

    /// Seconds as a Double.
    var serverSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

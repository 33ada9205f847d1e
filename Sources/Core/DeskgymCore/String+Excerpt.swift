extension String {
    /// How many code points of a long name or text from input an error message quotes.
    public static let excerptLength = 60

    /// The string as an error message quotes a name or text from untrusted input: whole when it is
    /// at most ``longestSuggestibleName`` code points long, otherwise its first ``excerptLength``
    /// code points and `… (N characters)`, N counted in code points as Python counts them.
    ///
    /// A message repeats what it refuses so that the sender can find it; a name of megabytes would
    /// make the refusal as large as the attack and flood every log that records it.
    public var excerpt: String {
        guard !isSuggestible else { return self }
        let scalars = unicodeScalars
        return String(String.UnicodeScalarView(scalars.prefix(Self.excerptLength)))
            + "… (\(scalars.count) characters)"
    }
}

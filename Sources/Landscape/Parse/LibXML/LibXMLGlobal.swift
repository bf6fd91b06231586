import CLibXML2

/// libxml2's process-wide state, initialised once before parsers run on several threads.
package enum LibXMLGlobal {
    private static let initialised: Bool = {
        xmlInitParser()
        return true
    }()

    /// Initialises libxml2. Call from the main thread at startup; later calls do nothing.
    @discardableResult
    package static func initialise() -> Bool {
        initialised
    }
}

import CLandscapeShims
import CLibXML2

/// libxml2's process-wide state, initialised once before parsers run on several threads.
package enum LibXMLGlobal {
    private static let initialised: Bool = {
        xmlInitParser()
        // Parse errors reach the builder through the structured handler; nothing goes to stderr.
        landscape_xml_silence_generic_errors()
        return true
    }()

    /// Initialises libxml2. Call from the main thread at startup; later calls do nothing.
    @discardableResult
    package static func initialise() -> Bool {
        initialised
    }
}

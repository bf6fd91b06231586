/// Process-wide setup of the C libraries the stages use.
public enum Landscape {
    /// Initialises libcurl and libxml2. Call first thing in `main`, before any Dispatch work.
    public static func bootstrap() {
        CurlGlobal.initialise()
        LibXMLGlobal.initialise()
    }
}

/// Process-wide setup of the C libraries the stages use.
public enum Landscape {
    /// Initialises libcurl and libxml2, and sets how freed memory goes back to the system
    /// (``FreedMemory/mapLargeBlocks()``). Call first thing in `main`, before any Dispatch work.
    public static func bootstrap() {
        FreedMemory.mapLargeBlocks()
        CurlGlobal.initialise()
        LibXMLGlobal.initialise()
    }
}

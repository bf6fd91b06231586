/// Values that live as long as the process: what a command that exits next need not free.
enum ProcessLifetime {
    /// Keeps `value` until the process ends. A million deals freed one at a time cost seconds
    /// the system spends on none when it takes the process's memory back whole.
    static func keep<Value>(_ value: Value) {
        _ = Unmanaged.passRetained(Kept(value))
    }

    private final class Kept<Value> {
        let value: Value

        init(_ value: Value) { self.value = value }
    }
}

extension RandomAccessCollection where Index == Int {
    /// The first position whose element does not satisfy `isBefore`, found by halving: the
    /// elements that satisfy it must all come first (a sorted list and "less than a value").
    func partitionPoint(_ isBefore: (Element) -> Bool) -> Int {
        var (low, high) = (startIndex, endIndex)
        while low < high {
            let middle = low + (high - low) / 2
            if isBefore(self[middle]) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

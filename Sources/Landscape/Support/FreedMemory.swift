import CLandscapeShims

/// Memory the process has freed, handed back to the system.
///
/// glibc keeps freed memory in the arena of the thread that allocated it, for that thread's
/// next allocations, and gives back only what lies at an arena's top. After a step that made
/// and dropped much on several threads (reading every month's fingerprints, the parent's
/// article indexes) that memory stays resident while the next step allocates elsewhere, and
/// adds to the night's peak: up to a third of a gigabyte at a million articles.
enum FreedMemory {
    /// Gives every arena's free pages back (`malloc_trim`): a walk of the free lists, a few
    /// milliseconds. Does nothing where the C library is not glibc.
    static func release() { landscape_release_freed_memory() }
}

import CLandscapeShims

/// Memory the process has freed, handed back to the system.
///
/// glibc keeps freed memory in the arena of the thread that allocated it, for that thread's
/// next allocations, and gives back only what lies at an arena's top. After a step that made
/// and dropped much on several threads (reading every month's fingerprints, the parent's
/// article indexes) that memory stays resident while the next step allocates elsewhere, and
/// adds to the night's peak: up to a third of a gigabyte at a million articles.
///
/// The arenas are left to glibc, one a thread. Limited to one a core, a worker of a parallel
/// loop can land in the main thread's arena and wait on its lock: the 100,000's `--jobs 2`
/// build took 9% longer. What one a thread costs is the free chunks each thread keeps, given back
/// where many threads free much at once: after each block of a stream of deals (``DealStream``),
/// and in dedupe once the changed months' reports are compared and read on every core, and once
/// grouping has let go of the records it met.
enum FreedMemory {
    /// Gives every arena's free pages back (`malloc_trim`): a walk of the free lists, a few
    /// milliseconds. Does nothing where the C library is not glibc.
    static func release() { landscape_release_freed_memory() }

    /// Has every block of a megabyte or more mapped on its own, so that freeing it gives it
    /// back to the system at once. Call once, before the work starts.
    ///
    /// glibc raises the size it maps from as mapped blocks are freed (up to 32 MB), and serves
    /// blocks below it from the arenas. A night's large arrays (every article's id, date and
    /// story group; a month's articles; a block of a file read) then stay in the arenas once
    /// freed, in holes later blocks do not fit, and the resident size ran 200 MB above the heap
    /// in use at a million articles. Fixed at a megabyte, the million's 1,000-new night
    /// peaked at 581 to 596 MB against 665 to 688 MB (four runs each), in as much time.
    static func mapLargeBlocks() { landscape_map_blocks_from(1 << 20) }
}

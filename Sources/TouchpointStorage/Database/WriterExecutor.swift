import Foundation

/// A thread of its own for the ingest writer: its actor and the tasks that prefer it run here.
///
/// The writer is the one serial step of collection, so every moment it waits is lost throughput. On Swift's shared
/// pool its continuations queued behind the decoding of the very requests it had just answered (tens of milliseconds
/// a group on two cores); here they are the only work in their queue, and the operating system shares the cores.
public final class WriterExecutor: SerialExecutor, TaskExecutor, @unchecked Sendable {
    /// The executor of the collection path's group commit.
    public static let ingest = WriterExecutor(name: "tp-ingest-write")

    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var jobs: [UnownedJob] = []

    init(name: String) {
        let thread = Thread { [unowned self] in
            // Linux names a thread by its /proc comm (15 characters at most); Foundation's name may not reach it.
            try? name.prefix(15).write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
            self.run()
        }
        thread.name = name
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func run() {
        var batch = [UnownedJob]()
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            swap(&batch, &jobs)
            condition.unlock()
            for job in batch {
                job.runSynchronously(isolatedTo: asUnownedSerialExecutor(), taskExecutor: asUnownedTaskExecutor())
            }
            batch.removeAll(keepingCapacity: true)
        }
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    public func asUnownedTaskExecutor() -> UnownedTaskExecutor {
        UnownedTaskExecutor(ordinary: self)
    }
}

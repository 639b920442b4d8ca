import CZlib
import Foundation

/// Request bodies with `Content-Encoding: gzip`, inflated with a hard limit so a small bomb cannot grow past it.
enum Gzip {
    enum Failure: Error, Equatable {
        case corrupt(String)
        case tooLarge
    }

    static func decompress(_ input: [UInt8], limit: Int) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        // 15 + 32: accept gzip and zlib headers, detected automatically.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt("cannot start the gzip decoder")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = input
        let total = input.count
        var status: Int32 = Z_OK
        try input.withUnsafeMutableBufferPointer { (inputBuffer) throws(Failure) in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = uInt(total)
            repeat {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { chunkBuffer in
                    stream.next_out = chunkBuffer.baseAddress
                    stream.avail_out = uInt(chunkBuffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return chunkBuffer.count - Int(stream.avail_out)
                }
                if status != Z_OK && status != Z_STREAM_END {
                    throw .corrupt(status == Z_BUF_ERROR ? "the gzip body is truncated" : "the body is not valid gzip data")
                }
                output.append(contentsOf: chunk[0..<produced])
                if output.count > limit { throw .tooLarge }
                if status == Z_OK && stream.avail_in == 0 && produced == 0 { throw .corrupt("the gzip body is truncated") }
            } while status != Z_STREAM_END
        }
        return output
    }
}

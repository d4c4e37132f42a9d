// Owns reading a file line by line, plain or gzip-compressed (a name ending in ".gz" is inflated
// on the fly with zlib). Streaming: one read buffer and the current line are in memory, never
// the file, so an archive of any size reads in constant memory.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

namespace verity {

// What stopped a LineReader, so callers can say what to do about it.
enum class LineReadFailure {
  none,       // no failure (end of file is not a failure)
  open,       // the file could not be opened (error() has the errno text)
  not_gzip,   // a ".gz" file that does not start with the gzip signature
  truncated,  // compressed data ends in the middle of a stream
  corrupt,    // compressed data is damaged (zlib's message in error())
  read,       // the operating system failed to read (errno text)
};

// Reads a file line by line; a name ending in ".gz" is inflated on the fly with zlib (streamed:
// only the current line is in memory). Lines are returned without the trailing '\n' (a '\r'
// before it is kept: that is the caller's business). A last line without '\n' is returned too.
// On a read or decompression error, next() returns false and the partial line being read is
// dropped: it cannot be told apart from a complete one, and half an article is not an article.
class LineReader {
 public:
  // `max_line_bytes`: longer lines are cut to that many bytes (line_bytes() still gives their
  // whole length), so one huge line cannot exhaust memory.
  explicit LineReader(const std::string& path,
                      std::size_t max_line_bytes = std::numeric_limits<std::size_t>::max());
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  bool is_open() const;
  // Why the file could not be opened or read: errno text, zlib's message, or a description; ""
  // when nothing went wrong.
  const std::string& error() const;
  LineReadFailure failure() const;
  // False at the end of the file or on error (see failure() and error()).
  bool next(std::string& line);
  // The length of the last line returned, including bytes cut by `max_line_bytes`.
  std::uint64_t line_bytes() const;
  // Bytes of the FILE read so far (compressed bytes for .gz), for progress reports.
  std::uint64_t bytes_consumed() const;
  bool compressed() const;

 private:
  bool fill();  // refills the buffer; false at end of data or on error
  void fail(LineReadFailure why, std::string message);

  int fd_ = -1;
  void* gz_ = nullptr;  // gzFile, kept opaque so zlib.h stays out of this header
  std::string buffer_;
  std::size_t pos_ = 0, end_ = 0;
  std::size_t max_line_bytes_;
  std::uint64_t line_bytes_ = 0;
  std::uint64_t plain_consumed_ = 0;
  bool eof_ = false;
  LineReadFailure failure_ = LineReadFailure::none;
  std::string error_;
};

// True when `path` names a gzip file by its extension (".gz", any case).
bool is_gzip_name(const std::string& path);

// Up to `n` bytes from the start of the file's content (inflated for .gz), for sniffing a
// format; "" when it cannot be read (the LineReader that follows reports why).
std::string read_head(const std::string& path, std::size_t n);

}  // namespace verity

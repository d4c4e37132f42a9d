// Line reading over plain and gzip files. Both go through one buffer filled by read(2) or by
// zlib's gzread, and split on '\n' with memchr. For .gz the signature is checked before zlib is
// asked: zlib reads non-gzip data "transparently" as if it were plain, which would turn a
// mislabelled file into a stream of garbage lines instead of one clear error. A truncated
// stream is told apart from the end of the data by gzerror's Z_BUF_ERROR after gzread returns 0
// (zlib reports "unexpected end of file" there, not as a failed read).
#include "engine/gzip_lines.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace verity {
namespace {

constexpr std::size_t kBufferBytes = std::size_t{1} << 17;

gzFile as_gz(void* p) {
  return static_cast<gzFile>(p);
}

bool ends_with_gz(const std::string& path) {
  if (path.size() < 3) return false;
  const std::string tail = path.substr(path.size() - 3);
  return tail[0] == '.' && (tail[1] == 'g' || tail[1] == 'G') && (tail[2] == 'z' || tail[2] == 'Z');
}

// Reads exactly up to `n` bytes at the start of `fd` (retrying short reads and EINTR).
std::size_t read_some(int fd, char* out, std::size_t n) {
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = ::read(fd, out + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += static_cast<std::size_t>(r);
  }
  return got;
}

}  // namespace

bool is_gzip_name(const std::string& path) {
  return ends_with_gz(path);
}

LineReader::LineReader(const std::string& path, std::size_t max_line_bytes)
    : max_line_bytes_(max_line_bytes) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    fail(LineReadFailure::open, std::strerror(errno));
    return;
  }
  buffer_.resize(kBufferBytes);
  if (!ends_with_gz(path)) return;

  unsigned char magic[2] = {0, 0};
  const std::size_t got = read_some(fd_, reinterpret_cast<char*>(magic), 2);
  if (got == 0) {  // an empty file: no lines, as an empty .jsonl
    eof_ = true;
    return;
  }
  if (got < 2 || magic[0] != 0x1f || magic[1] != 0x8b) {
    fail(LineReadFailure::not_gzip, "it does not start with the gzip signature (1f 8b)");
    return;
  }
  if (::lseek(fd_, 0, SEEK_SET) != 0) {
    fail(LineReadFailure::read, std::strerror(errno));
    return;
  }
  gzFile gz = gzdopen(fd_, "rb");
  if (gz == nullptr) {
    fail(LineReadFailure::open, "zlib could not allocate its buffers");
    return;
  }
  fd_ = -1;  // owned by zlib now: gzclose closes it
  gz_ = gz;
  gzbuffer(gz, static_cast<unsigned>(kBufferBytes));
}

LineReader::~LineReader() {
  if (gz_ != nullptr) gzclose(as_gz(gz_));
  if (fd_ >= 0) ::close(fd_);
}

bool LineReader::is_open() const {
  return failure_ != LineReadFailure::open;
}
const std::string& LineReader::error() const {
  return error_;
}
LineReadFailure LineReader::failure() const {
  return failure_;
}
std::uint64_t LineReader::line_bytes() const {
  return line_bytes_;
}
bool LineReader::compressed() const {
  return gz_ != nullptr;
}

std::uint64_t LineReader::bytes_consumed() const {
  if (gz_ != nullptr) {
    const z_off_t offset = gzoffset(as_gz(gz_));
    return offset < 0 ? 0 : static_cast<std::uint64_t>(offset);
  }
  return plain_consumed_;
}

void LineReader::fail(LineReadFailure why, std::string message) {
  failure_ = why;
  error_ = std::move(message);
  eof_ = true;
}

bool LineReader::fill() {
  if (eof_) return false;
  pos_ = end_ = 0;
  if (gz_ == nullptr) {
    if (fd_ < 0) return false;
    for (;;) {
      const ssize_t r = ::read(fd_, buffer_.data(), buffer_.size());
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) {
        fail(LineReadFailure::read, std::strerror(errno));
        return false;
      }
      if (r == 0) {
        eof_ = true;
        return false;
      }
      end_ = static_cast<std::size_t>(r);
      plain_consumed_ += end_;
      return true;
    }
  }
  const int r = gzread(as_gz(gz_), buffer_.data(), static_cast<unsigned>(buffer_.size()));
  int code = Z_OK;
  const char* message = gzerror(as_gz(gz_), &code);
  if (r > 0) {
    end_ = static_cast<std::size_t>(r);
    return true;
  }
  if (code == Z_OK) {
    eof_ = true;
  } else if (code == Z_BUF_ERROR) {
    fail(LineReadFailure::truncated, message != nullptr ? message : "unexpected end of file");
  } else if (code == Z_ERRNO) {
    fail(LineReadFailure::read, std::strerror(errno));
  } else {
    fail(LineReadFailure::corrupt, message != nullptr ? message : "damaged compressed data");
  }
  return false;
}

bool LineReader::next(std::string& line) {
  line.clear();
  line_bytes_ = 0;
  bool started = false;
  for (;;) {
    if (pos_ == end_ && !fill()) {
      // The end: a last line without '\n' is a line, unless the data ended in an error.
      return started && failure_ == LineReadFailure::none;
    }
    started = true;
    const char* from = buffer_.data() + pos_;
    const std::size_t available = end_ - pos_;
    const void* nl = std::memchr(from, '\n', available);
    const std::size_t take =
        nl == nullptr ? available : static_cast<std::size_t>(static_cast<const char*>(nl) - from);
    if (line.size() < max_line_bytes_) {
      line.append(from, std::min(take, max_line_bytes_ - line.size()));
    }
    line_bytes_ += take;
    if (nl != nullptr) {
      pos_ += take + 1;
      return true;
    }
    pos_ = end_;
  }
}

std::string read_head(const std::string& path, std::size_t n) {
  // gzread reads a file that is not gzip as it is, which is what a sniff of the first bytes
  // wants; reading stops after `n` bytes whatever the file holds (no line scan to its end).
  std::string head(n, '\0');
  gzFile gz = gzopen(path.c_str(), "rb");
  if (gz == nullptr) return {};
  const int got = gzread(gz, head.data(), static_cast<unsigned>(n));
  gzclose(gz);
  head.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
  return head;
}

}  // namespace verity

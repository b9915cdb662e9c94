#include "core/time/zoned_date_time.h"

#include <fmt/format.h>

#include <cstring>

namespace mobilecs::core {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `width` digits at `pos`.
bool read_digits(std::string_view text, std::size_t& pos, int width, int& value) {
  if (pos + width > text.size()) {
    return false;
  }
  int result = 0;
  for (int i = 0; i < width; ++i) {
    const char c = text[pos + i];
    if (!is_digit(c)) {
      return false;
    }
    result = result * 10 + (c - '0');
  }
  pos += width;
  value = result;
  return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

bool fail(std::string& error, std::string_view text, std::string_view why) {
  error = fmt::format(
      "'{}' is not a date-time with an offset such as "
      "2020-01-02T00:00+01:00[Europe/Warsaw]: {}",
      text, why);
  return false;
}

bool parse_offset(std::string_view text, std::size_t& pos, std::int32_t& offset_seconds,
                  std::string& error) {
  if (pos >= text.size()) {
    return fail(error, text, "the offset is missing");
  }
  if (text[pos] == 'Z') {
    ++pos;
    offset_seconds = 0;
    return true;
  }
  const char sign = text[pos];
  if (sign != '+' && sign != '-') {
    return fail(error, text, "the offset is missing");
  }
  ++pos;
  int hours = 0, minutes = 0, seconds = 0;
  if (!read_digits(text, pos, 2, hours) || !expect(text, pos, ':') ||
      !read_digits(text, pos, 2, minutes)) {
    return fail(error, text, "the offset must read +HH:MM, +HH:MM:SS or Z");
  }
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
    if (!read_digits(text, pos, 2, seconds)) {
      return fail(error, text, "the offset must read +HH:MM, +HH:MM:SS or Z");
    }
  }
  if (hours > 18 || minutes > 59 || seconds > 59 ||
      (hours == 18 && (minutes != 0 || seconds != 0))) {
    return fail(error, text, "the offset is out of range (-18:00 .. +18:00)");
  }
  offset_seconds = hours * 3600 + minutes * 60 + seconds;
  if (sign == '-') {
    offset_seconds = -offset_seconds;
  }
  return true;
}

char* write2(char* out, int value) {
  out[0] = static_cast<char>('0' + value / 10);
  out[1] = static_cast<char>('0' + value % 10);
  return out + 2;
}

}  // namespace

bool parse_date_time(std::string_view text, TimeZones& zones, ParsedDateTime& out,
                     std::string& error) {
  std::size_t pos = 0;
  LocalDateTime local;
  if (!read_digits(text, pos, 4, local.year) || !expect(text, pos, '-') ||
      !read_digits(text, pos, 2, local.month) || !expect(text, pos, '-') ||
      !read_digits(text, pos, 2, local.day)) {
    return fail(error, text, "the date must read YYYY-MM-DD");
  }
  if (!is_valid_date(local.year, local.month, local.day)) {
    return fail(error, text, "no such calendar date");
  }
  if (!expect(text, pos, 'T')) {
    return fail(error, text, "the time must follow the date after a 'T'");
  }
  if (!read_digits(text, pos, 2, local.hour) || !expect(text, pos, ':') ||
      !read_digits(text, pos, 2, local.minute)) {
    return fail(error, text, "the time must read HH:MM[:SS[.fraction]]");
  }
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
    if (!read_digits(text, pos, 2, local.second)) {
      return fail(error, text, "the time must read HH:MM[:SS[.fraction]]");
    }
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      int digits = 0;
      int nano = 0;
      while (pos < text.size() && is_digit(text[pos]) && digits < 9) {
        nano = nano * 10 + (text[pos] - '0');
        ++pos;
        ++digits;
      }
      if (digits == 0 || (pos < text.size() && is_digit(text[pos]))) {
        return fail(error, text, "the fraction of a second must have 1 to 9 digits");
      }
      for (int i = digits; i < 9; ++i) {
        nano *= 10;
      }
      local.nano = nano;
    }
  }
  if (local.hour > 23 || local.minute > 59 || local.second > 59) {
    return fail(error, text, "the time of day is out of range");
  }
  std::int32_t offset_seconds = 0;
  if (!parse_offset(text, pos, offset_seconds, error)) {
    return false;
  }
  std::string_view zone;
  if (pos < text.size() && text[pos] == '[') {
    const std::size_t close = text.find(']', pos);
    if (close == std::string_view::npos || close + 1 != text.size()) {
      return fail(error, text, "the region id must be enclosed in [ ] at the end");
    }
    zone = text.substr(pos + 1, close - pos - 1);
    if (zones.find(zone) == nullptr) {
      return fail(error, text, fmt::format("unknown time zone '{}'", zone));
    }
    pos = close + 1;
  }
  if (pos != text.size()) {
    return fail(error, text, "unexpected text after the offset");
  }
  out.instant = Instant{local_epoch_seconds(local) - offset_seconds, local.nano};
  if (out.instant < kFirstStorableInstant || out.instant > kLastStorableInstant) {
    return fail(error, text,
                "outside the dates mobilecs keeps (0001-01-02 to 9999-12-30): its billing period "
                "could not be read back");
  }
  out.offset_seconds = offset_seconds;
  out.zone = zone;
  return true;
}

std::int32_t shown_offset(const ParsedDateTime& parsed, TimeZones& zones) {
  return parsed.zone.empty() ? parsed.offset_seconds
                             : offset_at(*zones.find(parsed.zone), parsed.instant.epoch_second);
}

bool parse_zoned_date_time(std::string_view text, TimeZones& zones, ZonedDateTime& out,
                           std::string& error) {
  ParsedDateTime parsed;
  if (!parse_date_time(text, zones, parsed, error)) {
    return false;
  }
  out.instant = parsed.instant;
  out.zone = std::string(parsed.zone);
  out.offset_seconds = shown_offset(parsed, zones);
  return true;
}

ZonedDateTime zoned_date_time_at(Instant instant, const date::time_zone& zone) {
  return ZonedDateTime{instant, offset_at(zone, instant.epoch_second), std::string(zone.name())};
}

char* format_date_time(const LocalDateTime& local, std::int32_t offset_seconds,
                       std::string_view zone, char* out) {
  out = write2(out, local.year / 100);
  out = write2(out, local.year % 100);
  *out++ = '-';
  out = write2(out, local.month);
  *out++ = '-';
  out = write2(out, local.day);
  *out++ = 'T';
  out = write2(out, local.hour);
  *out++ = ':';
  out = write2(out, local.minute);
  if (local.second != 0 || local.nano != 0) {
    *out++ = ':';
    out = write2(out, local.second);
    if (local.nano != 0) {
      *out++ = '.';
      int digits = 9;
      int value = local.nano;
      if (value % 1'000'000 == 0) {
        digits = 3;
        value /= 1'000'000;
      } else if (value % 1000 == 0) {
        digits = 6;
        value /= 1000;
      }
      for (int i = digits - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
      }
      out += digits;
    }
  }
  if (offset_seconds == 0) {
    *out++ = 'Z';
  } else {
    int total = offset_seconds;
    *out++ = total < 0 ? '-' : '+';
    total = total < 0 ? -total : total;
    out = write2(out, total / 3600);
    *out++ = ':';
    out = write2(out, total / 60 % 60);
    if (total % 60 != 0) {
      *out++ = ':';
      out = write2(out, total % 60);
    }
  }
  if (!zone.empty()) {
    *out++ = '[';
    std::memcpy(out, zone.data(), zone.size());
    out += zone.size();
    *out++ = ']';
  }
  return out;
}

std::string to_string(const ZonedDateTime& value) {
  std::string text(kMaxDateTimeTextLength + value.zone.size(), '\0');
  char* end = format_date_time(value.local(), value.offset_seconds, value.zone, text.data());
  text.resize(static_cast<std::size_t>(end - text.data()));
  return text;
}

}  // namespace mobilecs::core

#include "http/http_client.h"

#include <fmt/format.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/src.hpp>  // Boost.URL built into this one file (Debian ships it as headers)
#include <stdexcept>

namespace mobilecs::http {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

template <class Stream>
ClientResponse exchange(Stream& stream, net::io_context& io,
                        const bhttp::request<bhttp::empty_body>& request,
                        std::chrono::steady_clock::time_point deadline, const std::string& url) {
  beast::error_code failure;
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(16 << 20);
  bhttp::async_write(stream, request, [&](beast::error_code ec, std::size_t) {
    if (ec) {
      failure = ec;
      return;
    }
    bhttp::async_read(stream, buffer, parser,
                      [&](beast::error_code read_ec, std::size_t) { failure = read_ec; });
  });
  io.run_until(deadline);
  if (!io.stopped()) throw std::runtime_error(fmt::format("{}: no answer in time", url));
  if (failure) throw std::runtime_error(fmt::format("{}: {}", url, failure.message()));
  return ClientResponse{static_cast<int>(parser.get().result_int()), parser.get().body()};
}

}  // namespace

ClientResponse http_get(const std::string& url,
                        const std::vector<std::pair<std::string, std::string>>& headers,
                        const ClientOptions& options) {
  const auto parsed = boost::urls::parse_uri(url);
  if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https") ||
      parsed->host().empty()) {
    throw std::runtime_error(fmt::format("'{}' is not an http:// or https:// URL", url));
  }
  const bool tls = parsed->scheme() == "https";
  const std::string host = parsed->host_address();
  const std::string port = parsed->has_port() ? std::string(parsed->port()) : tls ? "443" : "80";
  std::string target(parsed->encoded_target());
  if (target.empty()) target = "/";

  bhttp::request<bhttp::empty_body> request(bhttp::verb::get, target, 11);
  const std::string name =
      parsed->host_type() == boost::urls::host_type::ipv6 ? "[" + host + "]" : host;
  request.set(bhttp::field::host, parsed->has_port() ? name + ":" + port : name);
  request.set(bhttp::field::user_agent, "mobilecs");
  for (const auto& [name, value] : headers) request.set(name, value);

  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  net::io_context io;
  beast::error_code failure;
  net::ip::tcp::resolver resolver(io);
  beast::tcp_stream tcp(io);
  tcp.expires_at(deadline);
  resolver.async_resolve(host, port, [&](beast::error_code ec, auto endpoints) {
    if (ec) {
      failure = ec;
      return;
    }
    tcp.async_connect(endpoints, [&](beast::error_code connect_ec, auto) { failure = connect_ec; });
  });
  io.run_until(deadline);
  if (!io.stopped()) throw std::runtime_error(fmt::format("{}: no connection in time", url));
  if (failure) throw std::runtime_error(fmt::format("{}: {}", url, failure.message()));
  io.restart();
  if (!tls) return exchange(tcp, io, request, deadline, url);

  net::ssl::context context(net::ssl::context::tls_client);
  context.set_options(net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1);
  context.set_verify_mode(net::ssl::verify_peer);
  beast::error_code ec;
  if (options.ca_file.empty()) {
    context.set_default_verify_paths(ec);
  } else {
    context.load_verify_file(options.ca_file.string(), ec);
  }
  if (ec) {
    throw std::runtime_error(
        fmt::format("cannot load the CA certificates for {}: {}", url, ec.message()));
  }
  context.set_verify_callback(net::ssl::host_name_verification(host));
  beast::ssl_stream<beast::tcp_stream> stream(std::move(tcp), context);
  SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
  stream.async_handshake(net::ssl::stream_base::client,
                         [&](beast::error_code handshake_ec) { failure = handshake_ec; });
  io.run_until(deadline);
  if (!io.stopped()) throw std::runtime_error(fmt::format("{}: no TLS handshake in time", url));
  if (failure) {
    throw std::runtime_error(fmt::format("{}: TLS refused: {}", url, failure.message()));
  }
  io.restart();
  return exchange(stream, io, request, deadline, url);
}

}  // namespace mobilecs::http

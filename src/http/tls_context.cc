#include "http/tls_context.h"

#include <fmt/format.h>

#include <stdexcept>

namespace mobilecs::http {

std::shared_ptr<boost::asio::ssl::context> make_tls_context(const TlsFiles& files) {
  namespace ssl = boost::asio::ssl;
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                       ssl::context::single_dh_use);
  // TLS 1.2 with forward secrecy and AEAD only (Mozilla's "intermediate"); 1.3's are all such.
  SSL_CTX_set_cipher_list(context->native_handle(),
                          "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                          "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                          "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305");
  boost::system::error_code ec;
  context->use_certificate_chain_file(files.certificate.string(), ec);
  if (ec) {
    throw std::runtime_error(
        fmt::format("cannot use the TLS certificate {}: {} (a PEM file with "
                    "the certificate chain, server first)",
                    files.certificate.string(), ec.message()));
  }
  context->use_private_key_file(files.private_key.string(), ssl::context::pem, ec);
  if (ec) {
    throw std::runtime_error(fmt::format(
        "cannot use the TLS private key {}: {} (an unencrypted PEM key matching the certificate)",
        files.private_key.string(), ec.message()));
  }
  return context;
}

}  // namespace mobilecs::http

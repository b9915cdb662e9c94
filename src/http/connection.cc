#include "http/connection.h"

namespace mobilecs::http {
namespace net = boost::asio;

PeerState peek_peer(net::ip::tcp::socket& socket) {
  boost::system::error_code ec;
  // Stays set: only synchronous calls heed it, and this peek is the only one on these sockets.
  socket.non_blocking(true, ec);
  char byte;
  const std::size_t n = socket.receive(net::buffer(&byte, 1), net::socket_base::message_peek, ec);
  if (!ec && n > 0) return PeerState::kSentMore;
  if (ec == net::error::eof) return PeerState::kHalfClosed;
  if (ec == net::error::would_block || ec == net::error::try_again ||
      ec == net::error::interrupted) {
    return PeerState::kNothingNew;
  }
  return PeerState::kGone;
}

}  // namespace mobilecs::http

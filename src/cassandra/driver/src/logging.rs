//! The driver's log (the `tracing` events of ScyllaDB's crate) handed to a C callback, so it
//! lands in mobilecs' own log with its level.

use std::ffi::{c_char, CString};
use std::fmt::Write;

use tracing::field::{Field, Visit};
use tracing::level_filters::LevelFilter;
use tracing::span;
use tracing::{Event, Level, Metadata, Subscriber};

/// level: 1 error, 2 warn, 3 info; target: the Rust module; message: the text.
pub type LogCallback = extern "C" fn(level: i32, target: *const c_char, message: *const c_char);

struct CallbackSubscriber {
    callback: LogCallback,
}

struct Message(String);

impl Visit for Message {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.0, "{value:?}");
        } else {
            let _ = write!(self.0, " {}={value:?}", field.name());
        }
    }
}

impl Subscriber for CallbackSubscriber {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        *metadata.level() <= Level::INFO
    }
    fn max_level_hint(&self) -> Option<LevelFilter> {
        Some(LevelFilter::INFO)
    }
    fn new_span(&self, _: &span::Attributes<'_>) -> span::Id {
        span::Id::from_u64(1)
    }
    fn record(&self, _: &span::Id, _: &span::Record<'_>) {}
    fn record_follows_from(&self, _: &span::Id, _: &span::Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut message = Message(String::new());
        event.record(&mut message);
        let level = match *event.metadata().level() {
            Level::ERROR => 1,
            Level::WARN => 2,
            _ => 3,
        };
        let target = CString::new(event.metadata().target()).unwrap_or_default();
        let text = CString::new(message.0.replace('\0', " ")).unwrap_or_default();
        (self.callback)(level, target.as_ptr(), text.as_ptr());
    }
    fn enter(&self, _: &span::Id) {}
    fn exit(&self, _: &span::Id) {}
}

/// Installs `callback` as the process's tracing subscriber; false if one was already set.
pub fn install(callback: LogCallback) -> bool {
    tracing::subscriber::set_global_default(CallbackSubscriber { callback }).is_ok()
}

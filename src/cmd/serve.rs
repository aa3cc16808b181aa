//! `relbook serve`

use crate::cli::ServeArgs;
use crate::error::Result;
use crate::serve::{self, Options};

pub fn run(args: &ServeArgs) -> Result<()> {
    let opts = Options {
        root: args.root.clone(),
        port: args.port,
        drafts: args.drafts,
    };
    let open = args.open;
    serve::run(&opts, |url| {
        if open {
            // Best effort: the page is served whether or not a browser starts.
            let opener = if cfg!(target_os = "macos") {
                "open"
            } else if cfg!(windows) {
                "explorer"
            } else {
                "xdg-open"
            };
            let _ = std::process::Command::new(opener).arg(url).spawn();
        }
    })
}

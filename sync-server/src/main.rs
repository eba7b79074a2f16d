//! `fieldsales-server`: set up a data directory, add territories and users, serve.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use fieldsales_core::records::Role;
use fieldsales_server::service::UserProfile;
use fieldsales_server::{Api, Error};

#[derive(Parser)]
#[command(
    name = "fieldsales-server",
    version,
    about = "The fieldsales sync server"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the data directory and its database.
    Init {
        #[arg(long)]
        data: PathBuf,
    },
    /// Territories.
    #[command(subcommand)]
    Territory(TerritoryCmd),
    /// Users.
    #[command(subcommand)]
    User(UserCmd),
    /// Devices: list them, revoke one (its phone deletes its data on its next contact).
    #[command(subcommand)]
    Device(DeviceCmd),
    /// The audit log: sign-ins, revocations, role and territory changes, refused pushes.
    Audit {
        #[arg(long)]
        data: PathBuf,
        /// From this time on (RFC 3339, e.g. 2026-12-07T00:00:00Z); everything by default.
        #[arg(long)]
        since: Option<String>,
        /// At most this many entries, oldest first.
        #[arg(long, default_value_t = 1000)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Serve HTTP until SIGTERM or SIGINT.
    Serve {
        #[arg(long)]
        data: PathBuf,
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: String,
        /// Serve `/metrics` without a token on this separate address (for the operator's
        /// network only); on the main address it needs an admin's token.
        #[arg(long)]
        metrics_listen: Option<String>,
        /// A proxy in front of the server whose `X-Forwarded-For` names the client, for the
        /// sign-in limits (repeatable; off by default: the socket's address is the client's).
        #[arg(long = "trusted-proxy")]
        trusted_proxies: Vec<std::net::IpAddr>,
        /// Connections served at once; more are answered 503.
        #[arg(long, default_value_t = 4096)]
        max_connections: usize,
    },
}

#[derive(Subcommand)]
enum DeviceCmd {
    /// Every device, or one user's.
    List {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        user: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Revoke one device: its sessions end and it cannot sign in again.
    Revoke {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        id: String,
    },
}

#[derive(Subcommand)]
enum TerritoryCmd {
    Add {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        name: String,
        #[arg(long)]
        parent: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum UserCmd {
    Add {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        name: String,
        #[arg(long, env = "FIELDSALES_PASSWORD", hide_env_values = true)]
        password: String,
        #[arg(long, value_parser = ["rep", "manager", "admin"])]
        role: String,
        #[arg(long = "territory")]
        territories: Vec<String>,
        #[command(flatten)]
        profile: ProfileArgs,
        #[arg(long)]
        json: bool,
    },
    /// Change a user's working zone, currency or language; their phones take it at their next
    /// sign-in.
    Edit {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        name: String,
        #[command(flatten)]
        profile: ProfileArgs,
        #[arg(long)]
        json: bool,
    },
    /// Sign a user out everywhere, revoke their devices and disable the account.
    Revoke {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        name: String,
    },
    /// Enable a user again and lift a lockout of their name.
    Enable {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        name: String,
    },
    /// Lift the lockout that repeated failed sign-ins put on a user name.
    Unlock {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        name: String,
    },
    /// Set a user's password.
    Password {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        name: String,
        #[arg(long, env = "FIELDSALES_PASSWORD", hide_env_values = true)]
        password: String,
    },
}

/// A user's zone, currency and language (defaults for a new user: UTC, EUR, en).
#[derive(clap::Args)]
struct ProfileArgs {
    /// IANA time zone of the user's working day, e.g. Asia/Bangkok.
    #[arg(long)]
    zone: Option<String>,
    /// ISO 4217 code of the user's quotas and new accounts, e.g. THB.
    #[arg(long)]
    currency: Option<String>,
    /// BCP 47 tag of the user's language, e.g. th-TH, vi, fa-IR, zh-CN.
    #[arg(long)]
    locale: Option<String>,
}

impl ProfileArgs {
    fn profile(self) -> UserProfile {
        UserProfile {
            zone: self.zone,
            currency: self.currency.map(|c| c.trim().to_uppercase()),
            locale: self.locale,
        }
    }
}

fn user_json(u: &fieldsales_core::records::User) -> serde_json::Value {
    serde_json::json!({
        "id": u.id,
        "name": u.name,
        "role": u.role.as_str(),
        "zone": u.zone,
        "currency": u.currency,
        "locale": u.locale,
    })
}

fn existing(data: &std::path::Path) -> Result<Api, Error> {
    if !data.join("server.db").exists() {
        return Err(Error::NotFound(format!(
            "{} is not initialised: run `init` first",
            data.display()
        )));
    }
    Api::open(data)
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Init { data } => {
            Api::open(&data)?;
            println!("initialised {}", data.display());
        }
        Command::Territory(TerritoryCmd::Add {
            data,
            name,
            parent,
            json,
        }) => {
            let t = existing(&data)?
                .service
                .create_territory(&name, parent.as_deref())?;
            if json {
                println!("{}", serde_json::json!({ "id": t.id, "name": t.name }));
            } else {
                println!("{}", t.id);
            }
        }
        Command::User(UserCmd::Add {
            data,
            name,
            password,
            role,
            territories,
            profile,
            json,
        }) => {
            let role = Role::parse(&role)?;
            let u = existing(&data)?.service.create_user_with(
                &name,
                &password,
                role,
                &territories,
                &profile.profile(),
            )?;
            if json {
                println!("{}", user_json(&u));
            } else {
                println!("{}", u.id);
            }
        }
        Command::User(UserCmd::Edit {
            data,
            name,
            profile,
            json,
        }) => {
            let u = existing(&data)?
                .service
                .edit_user_profile(&name, &profile.profile())?;
            if json {
                println!("{}", user_json(&u));
            } else {
                println!(
                    "{}: zone {}, currency {}, locale {}",
                    u.name, u.zone, u.currency, u.locale
                );
            }
        }
        Command::User(UserCmd::Revoke { data, name }) => {
            existing(&data)?.service.revoke_user(&name)?;
            println!("revoked {name}");
        }
        Command::User(UserCmd::Enable { data, name }) => {
            existing(&data)?.service.enable_user(&name)?;
            println!("enabled {name}");
        }
        Command::User(UserCmd::Unlock { data, name }) => {
            if existing(&data)?.service.unlock_user(&name)? {
                println!("unlocked {name}");
            } else {
                println!("{name} was not locked");
            }
        }
        Command::User(UserCmd::Password {
            data,
            name,
            password,
        }) => {
            existing(&data)?.service.set_password(&name, &password)?;
            println!("password of {name} set");
        }
        Command::Device(DeviceCmd::List { data, user, json }) => {
            let devices = existing(&data)?.service.list_devices(user.as_deref())?;
            let mut out = std::io::stdout().lock();
            for d in devices {
                let line = if json {
                    serde_json::to_string(&d).map_err(|e| Error::Internal(e.to_string()))?
                } else {
                    format!(
                        "{}\t{}\t{}\tkey {}\tlast sign-in {}{}",
                        d.id,
                        d.user_name,
                        d.registered_at,
                        d.key.as_deref().unwrap_or("-"),
                        d.last_login_at,
                        d.revoked_at
                            .map(|t| format!("\trevoked {t}"))
                            .unwrap_or_default()
                    )
                };
                if writeln!(out, "{line}").is_err() {
                    break; // a closed pipe (`| head`): nothing more to say
                }
            }
        }
        Command::Device(DeviceCmd::Revoke { data, id }) => {
            let d = existing(&data)?.service.revoke_device(&id)?;
            println!("revoked device {} of {}", d.id, d.user_name);
        }
        Command::Audit {
            data,
            since,
            limit,
            json,
        } => {
            let since = since
                .map(|s| fieldsales_core::time::Ts::parse(&s))
                .transpose()?
                .map_or(0, |t| t.millis());
            let entries = existing(&data)?.service.audit_log(since, limit)?;
            let mut out = std::io::stdout().lock();
            for e in entries {
                let line = if json {
                    serde_json::to_string(&e).map_err(|e| Error::Internal(e.to_string()))?
                } else {
                    e.line()
                };
                if writeln!(out, "{line}").is_err() {
                    break;
                }
            }
        }
        Command::Serve {
            data,
            listen,
            metrics_listen,
            trusted_proxies,
            max_connections,
        } => {
            let api = Arc::new(existing(&data)?);
            let options = fieldsales_server::http::ServeOptions {
                max_connections,
                trusted_proxies,
                ..Default::default()
            };
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind(&listen).await?;
                let addr = listener.local_addr()?;
                if let Some(m) = metrics_listen {
                    let metrics = tokio::net::TcpListener::bind(&m).await?;
                    println!("metrics on http://{}/metrics", metrics.local_addr()?);
                    let router = fieldsales_server::http::metrics_router(api.clone());
                    tokio::spawn(async move {
                        if let Err(e) = axum::serve(metrics, router).await {
                            tracing::error!(error = %e, "the metrics listener stopped");
                        }
                    });
                }
                println!("listening on http://{addr}");
                std::io::stdout().flush()?;
                fieldsales_server::http::serve_with(
                    fieldsales_server::http::router(api),
                    listener,
                    options,
                    shutdown_signal(),
                )
                .await?;
                Ok::<(), Error>(())
            })?;
        }
    }
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => return std::future::pending().await,
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

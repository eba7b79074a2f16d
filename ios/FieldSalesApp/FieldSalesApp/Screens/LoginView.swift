import SwiftUI
import FieldSales

/// Server URL, user and password. The first sign-in of a user on this phone creates their
/// store; later launches open it without the network.
struct LoginView: View {
    @Environment(AppModel.self) private var app
    @State private var serverUrl = ""
    @State private var user = ""
    @State private var password = ""
    @FocusState private var focus: Field?

    private enum Field {
        case server, user, password
    }

    private var canSignIn: Bool {
        !app.isWorking && !serverUrl.trimmingCharacters(in: .whitespaces).isEmpty
            && !user.trimmingCharacters(in: .whitespaces).isEmpty && !password.isEmpty
    }

    var body: some View {
        NavigationStack {
            Form {
                Section {
                    TextField(Strings.text("login_server_url"), text: $serverUrl, prompt: Text(verbatim: "http://127.0.0.1:8080"))
                        .keyboardType(.URL)
                        .textContentType(.URL)
                        .textInputAutocapitalization(.never)
                        .autocorrectionDisabled()
                        .focused($focus, equals: .server)
                        .submitLabel(.next)
                    TextField(Strings.text("login_user"), text: $user)
                        .textContentType(.username)
                        .textInputAutocapitalization(.never)
                        .autocorrectionDisabled()
                        .focused($focus, equals: .user)
                        .submitLabel(.next)
                    SecureField(Strings.text("login_password"), text: $password)
                        .textContentType(.password)
                        .focused($focus, equals: .password)
                        .submitLabel(.go)
                } footer: {
                    if let revoked = app.revokedNotice {
                        // an administrator's remote wipe: say the data is gone, not "kept"
                        Text(revoked.detail)
                    } else if app.needsSignIn {
                        Text(Strings.text("login_session_ended"))
                    }
                }

                Section {
                    Button(action: signIn) {
                        HStack {
                            Text(Strings.text("action_log_in"))
                            Spacer()
                            if app.isWorking {
                                ProgressView()
                            }
                        }
                    }
                    .disabled(!canSignIn)
                }

                Section {
                    Button(Strings.text("login_demo")) {
                        _Concurrency.Task { await app.startDemo() }
                    }
                    .disabled(app.isWorking)
                } footer: {
                    Text(Strings.text("login_demo_hint"))
                }
            }
            .navigationTitle(Strings.text("app_name"))
            .onSubmit {
                switch focus {
                case .server: focus = .user
                case .user: focus = .password
                case .password, nil: signIn()
                }
            }
            .onAppear {
                if serverUrl.isEmpty { serverUrl = app.lastServerUrl }
                if user.isEmpty { user = app.lastUserName }
            }
        }
    }

    private func signIn() {
        guard canSignIn else { return }
        let server = serverUrl
        let name = user
        let secret = password
        focus = nil
        _Concurrency.Task {
            await app.login(serverUrl: server, user: name, password: secret)
            password = ""
        }
    }
}

package com.fieldsales.app.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import com.fieldsales.app.FieldSalesApp
import com.fieldsales.app.R
import com.fieldsales.app.screenModel
import com.fieldsales.app.ui.ErrorCard
import com.fieldsales.app.ui.ScreenStatus
import com.fieldsales.shared.LoginViewModel
import com.fieldsales.shared.UiError

/**
 * Server URL, user, password. A server on the development machine is http://127.0.0.1:PORT
 * after `adb reverse tcp:PORT tcp:PORT` (the library refuses plain HTTP to anything else). The store is created in the app's files on the first login.
 */
@Composable
fun LoginScreen(app: FieldSalesApp, openError: UiError?) {
    val vm = screenModel { scope -> LoginViewModel(scope, app::logIn, app.lastServerUrl) }
    val state by vm.state.collectAsStateWithLifecycle()
    val busy by vm.busy.collectAsStateWithLifecycle()
    LaunchedEffect(state.store) {
        state.store?.let(app::loggedIn)
    }
    Column(
        Modifier.fillMaxSize().padding(24.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(stringResource(R.string.app_name), style = MaterialTheme.typography.headlineMedium)
        ErrorCard(openError, onDismiss = {})
        ScreenStatus(vm)
        OutlinedTextField(
            value = state.serverUrl,
            onValueChange = vm::onServerUrl,
            label = { Text(stringResource(R.string.login_server_url)) },
            singleLine = true,
            keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Uri),
            modifier = Modifier.fillMaxWidth(),
        )
        OutlinedTextField(
            value = state.user,
            onValueChange = vm::onUser,
            label = { Text(stringResource(R.string.login_user)) },
            singleLine = true,
            modifier = Modifier.fillMaxWidth(),
        )
        OutlinedTextField(
            value = state.password,
            onValueChange = vm::onPassword,
            label = { Text(stringResource(R.string.login_password)) },
            singleLine = true,
            visualTransformation = PasswordVisualTransformation(),
            keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Password),
            modifier = Modifier.fillMaxWidth(),
        )
        Button(onClick = { vm.submit() }, enabled = busy == 0, modifier = Modifier.fillMaxWidth()) {
            Text(stringResource(R.string.action_log_in))
        }
    }
}

package com.fieldsales.app.screens

import android.graphics.Bitmap
import android.graphics.BitmapFactory
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.PickVisualMediaRequest
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.foundation.Image
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.lazy.LazyRow
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.produceState
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.ImageBitmap
import androidx.compose.ui.graphics.asImageBitmap
import androidx.compose.ui.layout.ContentScale
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import com.fieldsales.app.R
import com.fieldsales.app.screenModel
import com.fieldsales.app.ui.ScreenStatus
import com.fieldsales.app.ui.SectionTitle
import com.fieldsales.app.ui.appLocale
import com.fieldsales.app.ui.statusText
import com.fieldsales.shared.Repository
import com.fieldsales.shared.Units
import com.fieldsales.shared.VisitViewModel
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import java.io.ByteArrayOutputStream

/** At the customer's: check in, notes, photos (camera or gallery), check out, take an order. */
@Composable
fun VisitScreen(repo: Repository, visitId: String, onOrder: (String) -> Unit) {
    val vm = screenModel { VisitViewModel(repo, it, visitId) }
    val state by vm.state.collectAsStateWithLifecycle()
    val context = LocalContext.current
    val locale = appLocale()
    val scope = rememberCoroutineScope()
    var note by rememberSaveable { mutableStateOf("") }
    var outcome by rememberSaveable { mutableStateOf("") }

    // a preview-sized picture needs no camera permission and no file
    val camera = rememberLauncherForActivityResult(ActivityResultContracts.TakePicturePreview()) { bitmap ->
        if (bitmap != null) scope.launch { vm.addPhoto(withContext(Dispatchers.Default) { bitmap.jpeg() }) }
    }
    val picker = rememberLauncherForActivityResult(ActivityResultContracts.PickVisualMedia()) { uri ->
        if (uri != null) {
            scope.launch {
                val bytes = withContext(Dispatchers.IO) {
                    context.contentResolver.openInputStream(uri)?.use { it.readBytes() }?.let(::downscaled)
                }
                if (bytes != null) vm.addPhoto(bytes)
            }
        }
    }

    Column(Modifier.fillMaxSize().verticalScroll(rememberScrollState())) {
        ScreenStatus(vm)
        val v = state.visit ?: return@Column
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
            Text(state.accountName, style = MaterialTheme.typography.headlineSmall)
            Text(
                stringResource(
                    R.string.visit_planned,
                    Units.dateTime(v.plannedStartMs, state.zone, locale),
                    Units.time(v.plannedEndMs, state.zone, locale),
                    statusText(v.status),
                ),
            )
            v.checkInMs?.let { Text(stringResource(R.string.visit_checked_in_at, Units.time(it, state.zone, locale))) }
            v.checkOutMs?.let { Text(stringResource(R.string.visit_checked_out_at, Units.time(it, state.zone, locale), v.outcome)) }
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                // the place is left out: the app asks for no location permission yet
                Button(onClick = { vm.checkIn() }, enabled = state.canCheckIn) { Text(stringResource(R.string.visit_check_in)) }
                OutlinedButton(onClick = { onOrder(v.accountId) }) { Text(stringResource(R.string.visit_take_order)) }
            }
        }
        SectionTitle(stringResource(R.string.visit_notes))
        if (v.notes.isNotBlank()) Text(v.notes, Modifier.padding(horizontal = 16.dp))
        Row(Modifier.fillMaxWidth().padding(16.dp)) {
            OutlinedTextField(note, { note = it }, label = { Text(stringResource(R.string.visit_add_note)) }, modifier = Modifier.weight(1f))
            Button(onClick = {
                vm.addNote(note)
                note = ""
            }, modifier = Modifier.padding(start = 8.dp)) { Text(stringResource(R.string.action_add)) }
        }
        SectionTitle(stringResource(R.string.visit_photos))
        LazyRow(Modifier.padding(horizontal = 16.dp), horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            items(v.photos, key = { it }) { hash -> Thumbnail(vm, hash) }
        }
        Row(Modifier.padding(16.dp), horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            OutlinedButton(onClick = { camera.launch(null) }) { Text(stringResource(R.string.visit_take_photo)) }
            OutlinedButton(onClick = {
                picker.launch(PickVisualMediaRequest(ActivityResultContracts.PickVisualMedia.ImageOnly))
            }) { Text(stringResource(R.string.visit_from_gallery)) }
        }
        if (state.canCheckOut) {
            SectionTitle(stringResource(R.string.visit_check_out_section))
            Row(Modifier.fillMaxWidth().padding(16.dp)) {
                OutlinedTextField(outcome, { outcome = it }, label = { Text(stringResource(R.string.visit_outcome)) }, singleLine = true, modifier = Modifier.weight(1f))
                Button(onClick = { vm.checkOut(outcome) }, modifier = Modifier.padding(start = 8.dp)) { Text(stringResource(R.string.visit_check_out)) }
            }
        }
    }
}

@Composable
private fun Thumbnail(vm: VisitViewModel, hash: String) {
    val image by produceState<ImageBitmap?>(null, hash) {
        value = runCatching {
            val bytes = vm.photo(hash)
            withContext(Dispatchers.Default) { BitmapFactory.decodeByteArray(bytes, 0, bytes.size)?.asImageBitmap() }
        }.getOrNull()
    }
    image?.let { Image(it, contentDescription = stringResource(R.string.visit_photo), contentScale = ContentScale.Crop, modifier = Modifier.size(96.dp)) }
}

private fun Bitmap.jpeg(quality: Int = 85): ByteArray =
    ByteArrayOutputStream().also { compress(Bitmap.CompressFormat.JPEG, quality, it) }.toByteArray()

/** A gallery photo at most [maxSide] pixels on its long side, as JPEG: it syncs over a phone network. */
private fun downscaled(bytes: ByteArray, maxSide: Int = 1600): ByteArray {
    val bounds = BitmapFactory.Options().apply { inJustDecodeBounds = true }
    BitmapFactory.decodeByteArray(bytes, 0, bytes.size, bounds)
    var sample = 1
    while (maxOf(bounds.outWidth, bounds.outHeight) / sample > maxSide) sample *= 2
    val bitmap = BitmapFactory.decodeByteArray(bytes, 0, bytes.size, BitmapFactory.Options().apply { inSampleSize = sample })
        ?: return bytes
    return bitmap.jpeg()
}

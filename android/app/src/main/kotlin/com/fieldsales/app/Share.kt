package com.fieldsales.app

import android.content.ActivityNotFoundException
import android.content.Context
import android.content.Intent
import androidx.core.content.FileProvider
import java.io.File

/**
 * Write a quote's PDF to the cache and offer it to a PDF viewer, or to any app that takes a
 * PDF (mail, messengers), through the app's FileProvider (`${applicationId}.files`).
 */
fun sharePdf(context: Context, bytes: ByteArray, name: String) {
    val dir = File(context.cacheDir, "pdf").apply { mkdirs() }
    val file = File(dir, name.replace(Regex("[^A-Za-z0-9._-]"), "_") + ".pdf")
    file.writeBytes(bytes)
    val uri = FileProvider.getUriForFile(context, "${context.packageName}.files", file)
    val view = Intent(Intent.ACTION_VIEW)
        .setDataAndType(uri, "application/pdf")
        .addFlags(Intent.FLAG_GRANT_READ_URI_PERMISSION)
    val send = Intent(Intent.ACTION_SEND)
        .setType("application/pdf")
        .putExtra(Intent.EXTRA_STREAM, uri)
        .addFlags(Intent.FLAG_GRANT_READ_URI_PERMISSION)
    val chooser = Intent.createChooser(view, name).putExtra(Intent.EXTRA_INITIAL_INTENTS, arrayOf(send))
    try {
        context.startActivity(chooser)
    } catch (e: ActivityNotFoundException) {
        context.startActivity(Intent.createChooser(send, name))
    }
}

import PhotosUI
import SwiftUI
import FieldSales
import FieldSalesFFI

/// At the customer's: check in (with where the phone is), notes, photos from the library or
/// the camera, check out with the outcome.
struct VisitView: View {
    @State private var model: VisitModel
    @State private var note = ""
    @State private var outcome = ""
    @State private var pickedPhoto: PhotosPickerItem?
    @State private var showCamera = false
    @State private var locating = false

    init(session: Session, visitId: String) {
        _model = State(initialValue: VisitModel(session: session, visitId: visitId))
    }

    var body: some View {
        Form {
            if let visit = model.visit {
                Section {
                    LabeledContent(Strings.text("title_account"), value: model.accountName)
                    LabeledContent(Strings.text("field_status")) { StatusBadge(status: visit.status) }
                    LabeledContent(Strings.text("field_planned"), value: Formats.dateTime(ms: visit.plannedStartMs))
                    if let ms = visit.checkInMs {
                        LabeledContent(Strings.text("field_checked_in"), value: Formats.time(ms: ms))
                    }
                    if let ms = visit.checkOutMs {
                        LabeledContent(Strings.text("field_checked_out"), value: Formats.time(ms: ms))
                    }
                    if !visit.outcome.isEmpty {
                        LabeledContent(Strings.text("visit_outcome"), value: visit.outcome)
                    }
                }

                if model.isPlanned {
                    Section {
                        Button(action: checkIn) {
                            HStack {
                                Label(Strings.text("visit_check_in"), systemImage: "mappin.and.ellipse")
                                Spacer()
                                if locating { ProgressView() }
                            }
                        }
                        Button(Strings.text("visit_cancel"), role: .destructive) {
                            _Concurrency.Task { await model.cancel() }
                        }
                    }
                }

                Section(Strings.text("visit_notes")) {
                    if !visit.notes.isEmpty {
                        Text(visit.notes)
                    }
                    if visit.status != "cancelled" {
                        TextField(Strings.text("visit_add_note"), text: $note, axis: .vertical)
                            .lineLimit(2...6)
                        Button(Strings.text("visit_add_note_button")) {
                            let text = note
                            note = ""
                            _Concurrency.Task { await model.addNote(text) }
                        }
                        .disabled(note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
                    }
                }

                Section(Strings.text("visit_photos")) {
                    if !visit.photos.isEmpty {
                        ScrollView(.horizontal, showsIndicators: false) {
                            HStack {
                                ForEach(visit.photos, id: \.self) { hash in
                                    PhotoThumbnail(bytes: model.photos[hash])
                                }
                            }
                        }
                    }
                    if model.isOpen {
                        PhotosPicker(selection: $pickedPhoto, matching: .images) {
                            Label(Strings.text("visit_from_gallery"), systemImage: "photo.on.rectangle")
                        }
                        if CameraPicker.isAvailable {
                            Button {
                                showCamera = true
                            } label: {
                                Label(Strings.text("visit_take_photo"), systemImage: "camera")
                            }
                        }
                    }
                }

                if model.isCheckedIn {
                    Section(Strings.text("visit_check_out")) {
                        TextField(Strings.text("visit_outcome_hint"), text: $outcome)
                        Button(action: checkOut) {
                            HStack {
                                Label(Strings.text("visit_check_out"), systemImage: "checkmark.circle")
                                Spacer()
                                if locating { ProgressView() }
                            }
                        }
                    }
                }
            } else {
                ProgressView()
            }
        }
        .navigationTitle(model.accountName.isEmpty ? Strings.text("title_visit") : model.accountName)
        .navigationBarTitleDisplayMode(.inline)
        .disabled(model.isWorking || locating)
        .task { await model.run() }
        .onChange(of: pickedPhoto) { _, item in
            guard let item else { return }
            _Concurrency.Task { await addPhoto(item) }
        }
        .fullScreenCover(isPresented: $showCamera) {
            CameraPicker { image in
                showCamera = false
                guard let image, let jpeg = PhotoBytes.jpeg(from: image) else { return }
                _Concurrency.Task { await model.addPhoto(jpeg) }
            }
            .ignoresSafeArea()
        }
        .messageAlert($model.message)
    }

    private func checkIn() {
        _Concurrency.Task {
            locating = true
            let place = await LocationProvider.shared.current()
            locating = false
            await model.checkIn(place: place)
        }
    }

    private func checkOut() {
        let result = outcome.trimmingCharacters(in: .whitespacesAndNewlines)
        _Concurrency.Task {
            locating = true
            let place = await LocationProvider.shared.current()
            locating = false
            await model.checkOut(outcome: result, place: place)
        }
    }

    private func addPhoto(_ item: PhotosPickerItem) async {
        defer { pickedPhoto = nil }
        do {
            guard let picked = try await item.loadTransferable(type: Data.self) else { return }
            // re-encoding a full-size photo takes a moment: not on the main actor
            let jpeg = await _Concurrency.Task.detached(priority: .userInitiated) {
                PhotoBytes.jpeg(from: picked)
            }.value
            if let jpeg {
                await model.addPhoto(jpeg)
            } else {
                model.message = UserMessage(title: Strings.text("photo_invalid_title"), detail: Strings.text("photo_invalid_detail"))
            }
        } catch {
            model.message = UserMessage(error)
        }
    }
}

private struct PhotoThumbnail: View {
    let bytes: Data?

    var body: some View {
        Group {
            if let bytes, let image = UIImage(data: bytes) {
                Image(uiImage: image)
                    .resizable()
                    .scaledToFill()
            } else {
                ProgressView()
            }
        }
        .frame(width: 96, height: 96)
        .clipShape(RoundedRectangle(cornerRadius: 8))
    }
}

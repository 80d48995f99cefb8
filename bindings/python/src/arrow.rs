//! The Arrow PyCapsule interface: string arrays in, struct arrays out, without copying the
//! input. All of the binding's `unsafe` code is here.

use std::ffi::CStr;

use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema, from_ffi};
use arrow_array::{Array, ArrayRef, LargeStringArray, StringArray, StringViewArray};
use arrow_data::ArrayData;
use arrow_schema::DataType;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};

const SCHEMA: &CStr = c"arrow_schema";
const ARRAY: &CStr = c"arrow_array";

/// The input strings of one call, borrowed from the caller's buffers.
pub enum Texts {
    Utf8(StringArray),
    LargeUtf8(LargeStringArray),
    Utf8View(StringViewArray),
}

impl Texts {
    pub fn len(&self) -> usize {
        match self {
            Texts::Utf8(a) => a.len(),
            Texts::LargeUtf8(a) => a.len(),
            Texts::Utf8View(a) => a.len(),
        }
    }

    /// Row `i`, `None` when it is null.
    pub fn get(&self, i: usize) -> Option<&str> {
        match self {
            Texts::Utf8(a) => a.is_valid(i).then(|| a.value(i)),
            Texts::LargeUtf8(a) => a.is_valid(i).then(|| a.value(i)),
            Texts::Utf8View(a) => a.is_valid(i).then(|| a.value(i)),
        }
    }
}

/// Imports an object that has `__arrow_c_array__` (a pyarrow, Polars, nanoarrow or
/// arro3 array) as a string array. The buffers stay the producer's: nothing is copied.
pub fn import_texts(obj: &Bound<'_, PyAny>) -> PyResult<Texts> {
    if !obj.hasattr("__arrow_c_array__")? {
        return Err(PyTypeError::new_err(
            "expected an Arrow array (an object with __arrow_c_array__, such as a pyarrow.Array)",
        ));
    }
    let pair = obj.call_method0("__arrow_c_array__")?;
    let pair = pair.cast::<PyTuple>()?;
    if pair.len() != 2 {
        return Err(PyTypeError::new_err("__arrow_c_array__ must return a pair of capsules"));
    }
    let schema_capsule = pair.get_item(0)?;
    let array_capsule = pair.get_item(1)?;
    let schema_capsule = schema_capsule.cast::<PyCapsule>()?;
    let array_capsule = array_capsule.cast::<PyCapsule>()?;
    let schema_ptr = schema_capsule.pointer_checked(Some(SCHEMA))?.cast::<FFI_ArrowSchema>();
    let array_ptr = array_capsule.pointer_checked(Some(ARRAY))?.cast::<FFI_ArrowArray>();
    // SAFETY: the capsules are named by the Arrow PyCapsule interface, so they point to an
    // `ArrowSchema` and an `ArrowArray` (the C structs that `FFI_ArrowSchema` and
    // `FFI_ArrowArray` lay out) that stay alive as long as the capsules, which `pair` holds
    // until the end of this function. The interface lets the consumer move the array out:
    // the capsule is left with a released (empty) struct, so its destructor does nothing,
    // and the moved struct releases the producer's buffers when the last `ArrayData` that
    // shares it is dropped.
    let data = unsafe {
        let array = std::ptr::replace(array_ptr.as_ptr(), FFI_ArrowArray::empty());
        from_ffi(array, schema_ptr.as_ref())
    }
    .map_err(|_| PyValueError::new_err("cannot import the Arrow array"))?;
    if !matches!(data.data_type(), DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View) {
        return Err(PyTypeError::new_err(format!(
            "expected an Arrow string array (string, large_string or string_view), got {}",
            data.data_type()
        )));
    }
    // The import trusts the producer, and the checks read strings without further checks:
    // offsets and UTF-8 are validated once here (a fast pass next to the checks).
    data.validate_full().map_err(|_| PyValueError::new_err("invalid Arrow string array (offsets or UTF-8)"))?;
    Ok(match data.data_type() {
        DataType::Utf8 => Texts::Utf8(StringArray::from(data)),
        DataType::LargeUtf8 => Texts::LargeUtf8(LargeStringArray::from(data)),
        _ => Texts::Utf8View(StringViewArray::from(data)),
    })
}

/// An Arrow array owned by Rust, handed to Python through `__arrow_c_array__`.
///
/// `pyarrow.array(obj)`, `polars.Series(obj)` and other consumers of the PyCapsule
/// interface import it without copying; it can be imported more than once.
#[pyclass(frozen, module = "phi_guard._native", name = "ArrowArray")]
pub struct ArrowArray {
    data: ArrayData,
}

impl ArrowArray {
    pub fn new(array: ArrayRef) -> ArrowArray {
        ArrowArray { data: array.to_data() }
    }
}

#[pymethods]
impl ArrowArray {
    /// The Arrow PyCapsule interface: a schema capsule and an array capsule.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        // The schema is fixed; a consumer that asked for another one casts it itself.
        let _ = requested_schema;
        let schema = FFI_ArrowSchema::try_from(self.data.data_type())
            .map_err(|_| PyValueError::new_err("cannot export the Arrow schema"))?;
        let array = FFI_ArrowArray::new(&self.data);
        // Each capsule owns its struct; a consumer that moves it out leaves a released
        // struct behind, whose drop does nothing.
        let schema = PyCapsule::new_with_value(py, schema, SCHEMA)?;
        let array = PyCapsule::new_with_value(py, array, ARRAY)?;
        PyTuple::new(py, [schema.into_any(), array.into_any()])
    }

    fn __len__(&self) -> usize {
        self.data.len()
    }

    fn __repr__(&self) -> String {
        format!("ArrowArray(type={}, len={})", self.data.data_type(), self.data.len())
    }
}

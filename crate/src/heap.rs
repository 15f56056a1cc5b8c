//! The blocker module's allocator: size classes of powers of two, each with
//! its own free list, carved from the end of memory.
//!
//! Why not the default (dlmalloc): it costs about 7 KB of wasm in every
//! page. Why not a plain free list (lol_alloc's, used before): finding a
//! block walks the list, so a page that allocates many small strings (a
//! configuration with a thousand vendors of its own) paid time quadratic in
//! their number. Here every allocation and every free is a few instructions:
//! a block of class `c` (2^c bytes) is taken from the class's free list, or
//! carved from fresh memory; freed, it goes back on that list. Blocks are
//! never split or merged: memory is used at most twice over, and a page
//! view's allocations are small and short-lived (URLs, attribute values,
//! the parsed configuration).
//!
//! The module runs on the page's one thread (wasm32 without the atomics
//! feature has no threads), so the state needs no lock.

use ::core::alloc::{GlobalAlloc, Layout};
use ::core::cell::UnsafeCell;

/// Size classes: 2^3 (8 bytes) to 2^31.
const CLASSES: usize = 32;
const MIN_CLASS: u32 = 3;
/// Blocks up to a page are aligned to their size; larger ones to a page.
const PAGE: usize = 64 * 1024;

struct State {
    /// Head of each class's free list (0: empty). A free block holds the
    /// address of the next one in its first word.
    free: [usize; CLASSES],
    /// Fresh memory: `next` up to `end`.
    next: usize,
    end: usize,
}

/// The allocator.
pub struct Heap(UnsafeCell<State>);

// SAFETY: without the atomics feature a wasm32 module has exactly one
// thread, so the state is never reached from two threads.
unsafe impl Sync for Heap {}

impl Heap {
    /// An empty heap (memory is taken from the module's as it is needed).
    pub const fn new() -> Heap {
        Heap(UnsafeCell::new(State { free: [0; CLASSES], next: 0, end: 0 }))
    }
}

impl Default for Heap {
    fn default() -> Self {
        Heap::new()
    }
}

/// The class of a layout: the smallest power of two that holds its size
/// and its alignment.
fn class_of(layout: Layout) -> Option<usize> {
    let size = layout.size().max(layout.align()).max(1 << MIN_CLASS);
    let class = usize::BITS - (size - 1).leading_zeros();
    let class = class as usize;
    (class < CLASSES).then_some(class)
}

impl State {
    /// Carves `size` bytes aligned to `align` from fresh memory, growing the
    /// module's memory when needed; 0 when it cannot grow.
    fn carve(&mut self, size: usize, align: usize) -> usize {
        let start = match self.next.checked_add(align - 1) {
            Some(n) => n & !(align - 1),
            None => return 0,
        };
        let Some(stop) = start.checked_add(size) else { return 0 };
        if self.next == 0 || stop > self.end {
            let pages = size.div_ceil(PAGE) + 1;
            let before = ::core::arch::wasm32::memory_grow(0, pages);
            if before == usize::MAX {
                return 0;
            }
            let fresh = before * PAGE;
            // Memory grows at the end: continue from there when the old
            // region ended where the new one starts, else start anew.
            if self.end != fresh || self.next == 0 {
                self.next = fresh;
            }
            self.end = fresh + pages * PAGE;
            return self.carve(size, align);
        }
        self.next = stop;
        start
    }
}

// SAFETY: every block returned is at least `layout.size()` bytes, aligned to
// `layout.align()` (a class is a power of two at least the alignment, and
// blocks of a class are aligned to it, or to a page, which is larger than
// any alignment Rust asks for in this module), and is handed out again only
// after it was freed.
unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(class) = class_of(layout) else { return ::core::ptr::null_mut() };
        // SAFETY: one thread, and no reference to the state outlives this call.
        let st = unsafe { &mut *self.0.get() };
        let Some(head) = st.free.get_mut(class) else { return ::core::ptr::null_mut() };
        if *head != 0 {
            let block = *head;
            // SAFETY: a free block's first word holds the next free block.
            *head = unsafe { *(block as *const usize) };
            return block as *mut u8;
        }
        let size = 1usize << class;
        st.carve(size, size.min(PAGE)) as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let Some(class) = class_of(layout) else { return };
        // SAFETY: as in alloc.
        let st = unsafe { &mut *self.0.get() };
        if let Some(head) = st.free.get_mut(class) {
            // SAFETY: the block is ours (at least 8 bytes, aligned) and free now.
            unsafe { *(ptr as *mut usize) = *head };
            *head = ptr as usize;
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Growing within the block's class (a String or Vec doubling from 9
        // to 16 bytes, say) keeps the block.
        let Ok(new) = Layout::from_size_align(new_size, layout.align()) else { return ::core::ptr::null_mut() };
        if class_of(layout).is_some() && class_of(layout) == class_of(new) {
            return ptr;
        }
        // SAFETY: the caller's contract is GlobalAlloc::realloc's.
        let fresh = unsafe { self.alloc(new) };
        if !fresh.is_null() {
            // SAFETY: both blocks hold at least the smaller size and do not overlap.
            unsafe {
                ::core::ptr::copy_nonoverlapping(ptr, fresh, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        fresh
    }
}

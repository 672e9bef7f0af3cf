from careerboard.core.batches import batched


def test_batches_keep_order_and_the_last_one_is_shorter():
    assert list(batched(range(1, 6), 2)) == [[1, 2], [3, 4], [5]]
    assert list(batched([], 3)) == []


def test_batches_read_the_items_lazily():
    read = []

    def items():
        for item in range(10):
            read.append(item)
            yield item

    first = next(batched(items(), 3))
    assert first == [0, 1, 2] and read == [0, 1, 2]

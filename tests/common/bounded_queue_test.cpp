#include "common/bounded_queue.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace mimic {
namespace {

TEST(BoundedQueue, KeepsOrderAndDrainsAfterClose) {
    BoundedQueue<int> queue(4);
    EXPECT_TRUE(queue.push(1));
    EXPECT_TRUE(queue.push(2));
    queue.close();
    EXPECT_FALSE(queue.push(3));
    EXPECT_EQ(queue.pop(), 1);
    EXPECT_EQ(queue.pop(), 2);
    EXPECT_EQ(queue.pop(), std::nullopt);
}

TEST(BoundedQueue, TryPushRefusesWhenFull) {
    BoundedQueue<int> queue(1);
    EXPECT_TRUE(queue.tryPush(1));
    EXPECT_FALSE(queue.tryPush(2));
    EXPECT_EQ(queue.size(), 1u);
}

TEST(BoundedQueue, BlockedProducerWakesOnPop) {
    BoundedQueue<int> queue(2);
    std::vector<int> received;
    std::thread consumer([&] {
        while (auto item = queue.pop())
            received.push_back(*item);
    });
    for (int i = 0; i < 100; ++i)
        ASSERT_TRUE(queue.push(i));
    queue.close();
    consumer.join();
    ASSERT_EQ(received.size(), 100u);
    for (int i = 0; i < 100; ++i)
        EXPECT_EQ(received[static_cast<size_t>(i)], i);
}

TEST(BoundedQueue, PopForTimesOut) {
    BoundedQueue<int> queue(1);
    EXPECT_EQ(queue.popFor(std::chrono::milliseconds(5)), std::nullopt);
    EXPECT_FALSE(queue.closed());
}

}  // namespace
}  // namespace mimic
